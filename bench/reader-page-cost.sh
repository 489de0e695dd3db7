#!/usr/bin/env bash
# One build's article page cost, in units a loaded machine hides less than percentiles: CPU per render (service and
# PostgreSQL backends, bench/reader-page-cpu.py) and bytes allocated and collections per render (dotnet-counters over the
# timed requests only). Starts the Release service found in RELEASE_DIR (src/Archive.Api/bin/Release/net10.0 of any
# checkout: so two commits can be compared on the same kept database) as bench/reader.sh does (Reader:CacheArticlePages=false,
# Server-Timing on), on READER_BENCH_DB (default archive_reader_bench_k100), then stops it. The database must hold the bench
# family (bench/reader.sh) and RELEASE_DIR/.data the log key that signed it. Needs dotnet-counters
# (dotnet tool install dotnet-counters --tool-path DIR; DOTNET_COUNTERS=DIR/dotnet-counters).
# usage: bash bench/reader-page-cost.sh RELEASE_DIR PORT OUTDIR [REQUESTS=500]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
release=$(cd "$1" && pwd)
port=$2
out=$3
requests=${4:-500}
counters=${DOTNET_COUNTERS:-dotnet-counters}
db=${READER_BENCH_DB:-archive_reader_bench_k100}
base=${ConnectionStrings__Archive:-Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=archive}
conn="$(echo "$base" | sed -E "s/Database=[^;]*/Database=$db/")"
mkdir -p "$out"
service_pid=""
counters_pid=""
cleanup() {
  # SIGTERM: a background job of a script ignores SIGINT.
  if [ -n "$counters_pid" ]; then kill "$counters_pid" 2>/dev/null || true; wait "$counters_pid" 2>/dev/null || true; fi
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

(cd "$release" && exec env ConnectionStrings__Archive="$conn" Urls="http://127.0.0.1:$port" \
   ARCHIVE_ADMIN_KEY="bench-page-cost-$$" Access__RateLimit__Enabled=false Reader__CacheArticlePages=false ServerTiming__Enabled=true \
   Logging__LogLevel__Default=Warning dotnet Archive.Api.dll >"$out/service.log" 2>&1) &
service_pid=$!
# A loaded machine (load 30) has taken 100 s to start the service on the 100k database.
start_seconds=${READER_BENCH_START_SECONDS:-300}
deadline=$((SECONDS + start_seconds))
until curl -sf -m 2 "http://127.0.0.1:$port/health" >/dev/null; do
  kill -0 "$service_pid" 2>/dev/null || { echo "the service exited:"; tail -20 "$out/service.log"; exit 1; }
  [ $SECONDS -lt $deadline ] || { echo "the service did not start within $start_seconds s"; exit 1; }
  sleep 0.5
done
pid=$(pgrep -P "$service_pid" -f Archive.Api.dll || echo "$service_pid")
echo "build $(basename "$(cd "$release/../../../../.." && pwd)") $(git -C "$release" rev-parse --short HEAD 2>/dev/null); load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%T)"
# Warm the service (JIT, pools, EF's models and caches) before anything is counted.
READER_BENCH_DB=$db python3 "$repo/bench/reader-page-cpu.py" "$port" "$out/warm" 200 >/dev/null
rm -f "$out/counters.csv"
"$counters" collect -p "$pid" --counters System.Runtime --refresh-interval 1 --format csv -o "$out/counters.csv" >/dev/null 2>&1 &
counters_pid=$!
sleep 5
started=$(date -u +%s)
READER_BENCH_DB=$db python3 "$repo/bench/reader-page-cpu.py" "$port" "$out" "$requests"
ended=$(date -u +%s)
sleep 5
kill "$counters_pid"; wait "$counters_pid" 2>/dev/null || true; counters_pid=""
# The counters are per-second increments. The seconds of the timed requests, less what the idle service allocates in as
# many seconds (its background loops; measured in the seconds before and after), are the renders' own.
python3 - "$out/counters.csv" "$requests" "$started" "$ended" <<'EOF'
import csv, sys, datetime
requests, started, ended = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
during, idle = {}, {}
for r in list(csv.reader(open(sys.argv[1])))[1:]:
    try:
        at = datetime.datetime.strptime(r[0], '%m/%d/%Y %H:%M:%S').replace(tzinfo=datetime.timezone.utc).timestamp()
        value = float(r[4])
    except (ValueError, IndexError):
        continue
    name = r[2]
    if not ('total_allocated' in name or 'gc.collections' in name or 'pause.time' in name):
        continue
    bucket = during if started < at <= ended + 1 else idle
    bucket.setdefault(name, []).append(value)
def per_render(name):
    d, i = during.get(name, []), idle.get(name, [])
    idle_rate = sum(i) / len(i) if i else 0.0
    return (sum(d) - idle_rate * len(d)) / requests, idle_rate
alloc = [n for n in during if 'total_allocated' in n][0]
value, idle_rate = per_render(alloc)
print(f'  allocated per render: {value / 1024:.0f} KiB (idle service: {idle_rate / 1024:.0f} KiB/s, subtracted over {len(during[alloc])} s)')
for name in sorted(n for n in during if 'gc.collections' in n):
    print(f'  collections {name.split("=")[-1].rstrip("]")}: {sum(during[name]):.0f} over {requests} renders')
pause = [n for n in during if 'pause.time' in n][0]
print(f'  gc pause per render: {sum(during[pause]) * 1000 / requests:.2f} ms')
EOF
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
