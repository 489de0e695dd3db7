#!/usr/bin/env bash
# Transparency-log benchmark: grows a log to 10k, 100k and 1M entries through the service's own integration pass, then
# times inclusion and consistency proofs as GET /api/log/proofs/* builds them (checkpoint read + tiles + proof), p50/p99/max.
# Uses ConnectionStrings__Archive when set (a throw-away database archive_log_bench), else a private embedded cluster that
# is stopped and deleted on exit. usage: bench/log-proofs.sh [--sizes 10000,100000,1000000] [--probes 2000] [--batch 10000]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/archive-log-bench.XXXXXX)
chmod 755 "$work"   # the embedded PostgreSQL runs as the postgres user when we are root
cleanup() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -n "$bin" ] && [ -f "$work/data/PG_VERSION" ]; then
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" stop -m fast -D "$work/data" >/dev/null 2>&1 || true
    else "$bin/pg_ctl" stop -m fast -D "$work/data" >/dev/null 2>&1 || true; fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT
dotnet build "$repo/bench/Archive.Bench.Log" -c Release -v q -o "$work/bin" >/dev/null
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
timeout --signal=INT --kill-after=60 "${LOG_BENCH_TIMEOUT:-40m}" dotnet "$work/bin/Archive.Bench.Log.dll" --data-dir "$work/data" "$@"
