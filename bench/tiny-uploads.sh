#!/usr/bin/env bash
# An upload's fixed cost: tiny-page uploads (bench/load-upload.lua, 1.5 KB pages, 8 clients) against this checkout's Release
# service with its own embedded cluster, two measured runs after a warm-up: the service's and PostgreSQL's CPU an upload
# from /proc. Extraction is ~0.2 ms of such an upload, so what every request pays (Kestrel, authentication, binding,
# validation, round trips, the log pass) is most of the figure. PROFILE=1 adds a run under perf record (perf script into
# OUT.perf; bench/load_pieces.py splits it by piece).
# usage: bench/tiny-uploads.sh OUT    (env: SERVICE_PORT=18495, DURATION=20, PROFILE=0)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$1; port=${SERVICE_PORT:-18495}; duration=${DURATION:-20}; profile=${PROFILE:-0}
work=$(mktemp -d /tmp/archive-tiny.XXXXXX); chmod 755 "$work"
# shellcheck source=bench/service.sh
source "$repo/bench/service.sh"
trap 'stop_service; stop_cluster; rm -rf "$work"' EXIT
build_service
settings=(Access__RateLimit__Enabled=false Worker__Enabled=false ServerTiming__Enabled=true)
[ "$profile" = 1 ] && settings+=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
START_TIMEOUT=300 start_service "$port" "$work/service.log" "${settings[@]}"
base=http://127.0.0.1:$port
ARCHIVE_KEY=$admin_key wrk -t2 -c8 -d15s -s "$repo/bench/load-upload.lua" "$base" >/dev/null
for run in 1 2; do
  service0=$(cpu_ticks "$service_pid"); pg0=$(pg_ticks)
  ARCHIVE_KEY=$admin_key wrk -t2 -c8 -d"${duration}s" -s "$repo/bench/load-upload.lua" "$base" >"$work/wrk.txt"
  service1=$(cpu_ticks "$service_pid"); pg1=$(pg_ticks)
  n=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  awk -v a="$service0" -v b="$service1" -v p="$pg0" -v q="$pg1" -v n="$n" -v t="$(getconf CLK_TCK)" \
    -v head="$(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg) $(git -C "$repo" rev-parse --short HEAD) run $run:" \
    -v rate="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")" \
    'BEGIN {printf "%s %d uploads, %s/s; service %.3f, PostgreSQL %.3f ms of CPU an upload\n", head, n, rate, (b-a)*1000/t/n, (q-p)*1000/t/n}' | tee -a "$out"
done
if [ "$profile" = 1 ]; then
  perf record -F 499 -g -p "$service_pid" -o "$work/perf.data" -- sleep "$duration" >/dev/null 2>&1 &
  recorder=$!
  ARCHIVE_KEY=$admin_key wrk -t2 -c8 -d"${duration}s" -s "$repo/bench/load-upload.lua" "$base" >/dev/null
  wait "$recorder" || true
  perf script -i "$work/perf.data" 2>/dev/null >"$out.perf"
fi
