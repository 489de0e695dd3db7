#!/usr/bin/env bash
# Lineage scale benchmark: synthetic corpora of 10k, 100k and 1M articles in the real schema; candidate-lookup latency
# (p50/p99/max) and lineage-key ingest throughput at each size, with table and index sizes. Figures are printed, not
# asserted. Uses ConnectionStrings__Archive when set (a throw-away database archive_scale_bench on that server),
# otherwise a private embedded PostgreSQL cluster that is stopped and deleted on exit.
# usage: bench/scale.sh [extra args for Archive.Bench.Scale, e.g. --sizes 10000,100000 --budget-minutes 25]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/archive-scale-pg.XXXXXX)
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
echo "disk: $(df -h /tmp | tail -1)"
dotnet build "$repo/bench/Archive.Bench.Scale" -c Release -v q -o "$work/bin" >/dev/null
# Hard stop well after the in-program budget (default 25 min of loading), so the script always ends by itself.
timeout --signal=INT --kill-after=60 "${SCALE_TIMEOUT:-45m}" \
  dotnet "$work/bin/Archive.Bench.Scale.dll" --data-dir "$work/data" "$@"
