#!/usr/bin/env bash
# Hostile inputs against a Release build of the service: depth, width, size, charsets, header shapes, CSV names, URL
# spellings and parameters, each class generated (bench/hostile/driver.py) and replayed over real HTTP on 127.0.0.1, with a
# raw-socket hostile origin (bench/hostile/origin.py) for fetched pages. Prints per class how many were tried, outcomes and
# the slowest answer, the service's RSS (baseline, peak, after the concurrent big uploads), and that nothing crashed, hung
# past its deadline or lost a capture; exits non-zero otherwise. Leaves nothing running.
# usage: bench/hostile.sh      SERVICE_PORT (18100), ORIGIN_PORT (18101), KEEP=1 keeps the work folder
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
service_port=${SERVICE_PORT:-18100}
origin_port=${ORIGIN_PORT:-18101}
work=$(mktemp -d /tmp/archive-hostile.XXXXXX)
chmod 755 "$work" # the embedded cluster runs as the postgres user when we are root
# shellcheck source=bench/service.sh
source "$repo/bench/service.sh"

cleanup() {
  stop_service
  [ -n "$origin_pid" ] && kill "$origin_pid" 2>/dev/null || true
  stop_cluster
  if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "work folder kept: $work"; fi
}
trap cleanup EXIT

echo "== $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== building (Release)"
build_service
python3 "$repo/bench/hostile/origin.py" "$origin_port" >"$work/origin.log" 2>&1 &
origin_pid=$!
# Rate limits off and a relaxed pace: the run measures hostile inputs, not politeness.
start_service "$service_port" "$work/service.log" Access__RateLimit__Enabled=false Politeness__MinDelay=00:00:00 \
  Politeness__PerHostConcurrency=4 Jobs__RetryDelay=00:00:01
echo "== service pid $service_pid on 127.0.0.1:$service_port, origin on 127.0.0.1:$origin_port"
status=0
python3 "$repo/bench/hostile/driver.py" "http://127.0.0.1:$service_port" "http://127.0.0.1:$origin_port" "$admin_key" "$service_pid" || status=$?
if ! kill -0 "$service_pid" 2>/dev/null; then echo "THE SERVICE PROCESS DIED"; status=1; fi
{ grep -c "Unhandled exception\|Stack overflow" "$work/service.log" || true; } | sed 's/^/unhandled exceptions or stack overflows in the log: /'
echo "== load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
