#!/usr/bin/env bash
# Streams WARC and WACZ exports of 1,000 and 10,000 captures from a Release build of the service and samples the
# service's RSS while each runs, to show that export memory does not grow with the export's size.
# Needs the PostgreSQL server named by ConnectionStrings__Archive (default: the system server on 127.0.0.1:5432).
# Usage: bash bench/export.sh [captures=10000] [port=8401]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000}
port=${2:-8401}
base=${ConnectionStrings__Archive:-Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=archive}
db="archive_bench_export_$$"
conn="$(echo "$base" | sed -E "s/Database=[^;]*/Database=$db/")"
work=$(mktemp -d)
trap 'kill "${service_pid:-0}" 2>/dev/null || true; PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" >/dev/null
dotnet build "$repo/src/Archive.Api" -c Release -v q -nologo >/dev/null
dotnet run --project "$repo/bench/Archive.Bench.Export" -c Release -- "$conn" "$count"

(cd "$repo/src/Archive.Api/bin/Release/net10.0" && exec env ConnectionStrings__Archive="$conn" Urls="http://127.0.0.1:$port" \
   Export__SigningKeyPath="$work/key.pem" Logging__LogLevel__Default=Warning dotnet Archive.Api.dll >"$work/service.log" 2>&1) &
service_pid=$!
until curl -sf -m 2 "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.5; done
pid=$(pgrep -f "Archive.Api.dll" -P "$service_pid" || echo "$service_pid")
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# measure NAME URL: downloads URL to a file while sampling RSS every 100 ms; prints bytes, seconds and RSS before/peak.
measure() {
  local name=$1 url=$2 before peak=0 start
  before=$(rss "$pid")
  start=$(date +%s.%N)
  curl -sf -o "$work/out" "$url" &
  local curl_pid=$!
  while kill -0 "$curl_pid" 2>/dev/null; do
    local now; now=$(rss "$pid"); [ "$now" -gt "$peak" ] && peak=$now; sleep 0.1
  done
  wait "$curl_pid"
  local seconds; seconds=$(echo "$(date +%s.%N) - $start" | bc)
  printf '%-28s %12s bytes %7.1f s   RSS before %6d MiB   peak %6d MiB\n' "$name" "$(stat -c %s "$work/out")" "$seconds" \
    $((before / 1024)) $((peak / 1024))
}

echo "service pid $pid; $count captures seeded; $(nproc) cores; $(date -u +%FT%TZ)"
thousand=$(date -u -d "2024-01-01 + 1000 minutes" +%FT%TZ)
measure "WARC, 1,000 captures" "http://127.0.0.1:$port/api/export/warc?to=$thousand"
measure "WARC, $count captures" "http://127.0.0.1:$port/api/export/warc"
measure "WACZ, 1,000 captures" "http://127.0.0.1:$port/api/export/wacz?to=$thousand"
measure "WACZ, $count captures" "http://127.0.0.1:$port/api/export/wacz"
measure "CDXJ, $count captures" "http://127.0.0.1:$port/api/export/cdxj"
