#!/usr/bin/env bash
# Load test of the Release service on 127.0.0.1 with wrk (apt-get install wrk): article reads (saturated, and paced near
# 500 req/s), page uploads (each waits for its transparency-log entry), and the service's RSS sampled through
# a soak of mixed reads and uploads. Rate limits are off.
# usage: bench/load.sh [SOAK_SECONDS]   (default 600; DURATION=30 sets each measured run, SERVICE_PORT=18490)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
soak=${1:-600}
duration=${DURATION:-30}
service_port=${SERVICE_PORT:-18490}
base="http://127.0.0.1:$service_port"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
work=$(mktemp -d /tmp/archive-load.XXXXXX)
chmod 755 "$work"
# shellcheck source=bench/service.sh
source "$repo/bench/service.sh"
sampler_pid=""
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  stop_service
  stop_cluster
  if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "work folder kept: $work"; fi
}
trap cleanup EXIT

summarise() { # NAME WRK_OUTPUT_FILE
  awk -v name="$1" '
    /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2}
    /Requests\/sec/ {rps=$2} /Non-2xx/ {non2xx=$NF} /Socket errors/ {errors=$0}
    END { printf "%-34s %10s req/s   p50 %-9s p90 %-9s p99 %-9s non-2xx %s %s\n", name, rps, p50, p90, p99, (non2xx==""?0:non2xx), errors }' "$2"
}

echo "== building (Release) and starting the service"
build_service
start_service "$service_port" "$work/service.log" Access__RateLimit__Enabled=false Worker__Enabled=false
echo "   nproc=$(nproc), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), each run ${duration}s, soak ${soak}s"

page='<html><head><title>Read me</title></head><body><article><h1>Read me</h1>'
for i in $(seq 1 8); do page+="<p>Paragraph $i of the article that the load test reads again and again, long enough to look like news.</p>"; done
page+='</article></body></html>'
# Reads spread over READ_ARTICLES articles (default 200), each uploaded once, chosen at random per request.
read_articles=${READ_ARTICLES:-200}
ids_file=$work/article-ids.txt
for i in $(seq 1 "$read_articles"); do
  curl -sf -X POST "$base/api/captures" -H 'content-type: application/json' -H "X-Api-Key: $admin_key" \
    -d "{\"url\":\"https://load.example/read-me-$i\",\"html\":\"${page//Read me/Read me $i}\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' >>"$ids_file"
done
read_url="$base/api/articles/$(head -1 "$ids_file")"
export IDS_FILE=$ids_file
curl -sf "$read_url" >/dev/null

wrk -t2 -c32 -d2s -s "$repo/bench/load-read.lua" "$base" >/dev/null # warm-up (JIT, pools)
wrk -t2 -c32 -d"${duration}s" --latency -s "$repo/bench/load-read.lua" "$base" >"$work/read-saturated.txt"
DELAY_MS=20 wrk -t2 -c12 -d"${duration}s" --latency -s "$repo/bench/load-read.lua" "$base" >"$work/read-paced.txt"
# Warm-up of the upload path as for reads: until the JIT has tiered it up, the first seconds measure the compiler.
ARCHIVE_KEY=$admin_key wrk -t2 -c8 -d10s -s "$repo/bench/load-upload.lua" "$base" >/dev/null
ARCHIVE_KEY=$admin_key wrk -t2 -c8 -d"${duration}s" --latency -s "$repo/bench/load-upload.lua" "$base" >"$work/upload.txt"

echo "== soak: ${soak}s of reads (-c8) and uploads (-c4) together, RSS sampled every 5 s"
(while kill -0 "$service_pid" 2>/dev/null; do echo "$SECONDS $(rss_kb "$service_pid")"; sleep 5; done) >"$work/rss.txt" &
sampler_pid=$!
wrk -t1 -c8 -d"${soak}s" --latency -s "$repo/bench/load-read.lua" "$base" >"$work/soak-read.txt" &
reads_pid=$!
ARCHIVE_KEY=$admin_key wrk -t1 -c4 -d"${soak}s" --latency -s "$repo/bench/load-upload.lua" "$base" >"$work/soak-upload.txt"
wait "$reads_pid"
sleep 1
kill "$sampler_pid" 2>/dev/null || true; sampler_pid=""

echo "== results"
summarise "GET article (of $read_articles), 32 conn" "$work/read-saturated.txt"
summarise "GET article, paced (12 conn, 20 ms)" "$work/read-paced.txt"
summarise "POST upload, 8 connections" "$work/upload.txt"
summarise "soak GET article, 8 connections" "$work/soak-read.txt"
summarise "soak POST upload, 4 connections" "$work/soak-upload.txt"
awk 'NR==1 {first=$2} {last=$2; if ($2>max) max=$2; n++} END { printf "service RSS over the soak: start %d MiB, max %d MiB, end %d MiB (%d samples)\n", first/1024, max/1024, last/1024, n }' "$work/rss.txt"
echo "articles stored: $(sql 'SELECT count(*) FROM articles'), lineage updates still owed: $(sql 'SELECT count(*) FROM pending_lineage')"
# Logging is always on: each upload above waited (up to Log:IntegrationTimeout) for its entry to be under a signed checkpoint.
echo "transparency log: $(sql 'SELECT count(*) FROM log_entries') entries ($(sql "SELECT count(*) FROM log_entries WHERE capture_id IS NOT NULL") captures of $(sql 'SELECT count(*) FROM captures') stored), $(sql 'SELECT count(*) FROM log_pending') still owed, $(sql 'SELECT count(*) FROM log_checkpoints') checkpoints signed"
