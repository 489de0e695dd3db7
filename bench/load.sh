#!/usr/bin/env bash
# Load test of the Release service on 127.0.0.1 with wrk (apt-get install wrk). One command, everything printed:
#  1. `archive extract` over the same real pages, one core, warm: the engine's own pages/s, the yardstick.
#  2. real-page uploads: the shared sets' article pages (WCXB-dev articles + Zyte; bench/load_pages.py), each with a URL of
#     its own on the page's real host, CLIENTS connections for DURATION s: uploads/s, p50/p99, the service's and
#     PostgreSQL's CPU per upload, and the throughput ratio uploads/s ÷ (cores × extract pages/s); then, where perf runs,
#     a second run of the same length under `perf record` for the CPU split by stage only (perf slows the service, so
#     no throughput or latency figure is taken from that run).
#  3. tiny-page uploads (1.5 KB, one host) as before, for comparison; article reads, saturated and paced.
#  4. memory: real-page uploads until SOAK_UPLOADS real pages are in, then the service's RSS beside its idle RSS plus the
#     configured size of its caches.
# Rate limits are off; each upload waits for its transparency-log entry, as in production.
# usage: bench/load.sh    (env: DURATION=30 s per measured run, CLIENTS=8, SOAK_UPLOADS=10000, SERVICE_PORT=18490, WARM_UPLOADS=400,
#                          PROFILE=0 to skip perf, KEEP=1 to keep the work folder, PG_STATEMENTS=1 statements per run,
#                          PG_SETTINGS="name=value ..." for the bench's cluster, SLOW_MS=500 and TAIL_SHOW=10 for the slow
#                          uploads listed, TRACE=1 to sample sessions' waits and runtime counters beside them,
#                          UPLOAD_FORM=page to send the real pages as themselves (text/html body, ?url=) instead of JSON)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=$repo/../shared
[ -d "$shared/data" ] || shared=$(cd "$(git -C "$repo" rev-parse --git-common-dir)/../.." && pwd)/shared
duration=${DURATION:-30}
clients=${CLIENTS:-8}
soak_uploads=${SOAK_UPLOADS:-10000}
warm_uploads=${WARM_UPLOADS:-400}
service_port=${SERVICE_PORT:-18490}
base="http://127.0.0.1:$service_port"
# The caches the service may fill: the output cache of article answers (ASP.NET Core's default SizeLimit, 100 MiB) and the
# reader's rendered pages (ArticleHtml, 32 MiB).
cache_mib=${CACHE_MIB:-132}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
profile=${PROFILE:-1}
if [ "$profile" = 1 ] && ! perf stat -e task-clock true >/dev/null 2>&1; then profile=0; fi
work=$(mktemp -d /tmp/archive-load.XXXXXX)
chmod 755 "$work"
# shellcheck source=bench/service.sh
source "$repo/bench/service.sh"
sampler_pid=""
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  declare -F trace_stop >/dev/null && trace_stop
  stop_service
  stop_cluster
  if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "work folder kept: $work"; fi
}
trap cleanup EXIT

summarise() { # NAME WRK_OUTPUT_FILE
  awk -v name="$1" '
    /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2}
    /Requests\/sec/ {rps=$2} /Non-2xx/ {non2xx=$NF} /Socket errors/ {errors=$0}
    END { printf "%-36s %8s req/s   p50 %-9s p90 %-9s p99 %-9s non-2xx %s %s\n", name, rps, p50, p90, p99, (non2xx==""?0:non2xx), errors }' "$2"
}
requests_of() { awk '/requests in/ {print $1}' "$1"; }
rate_of() { awk '/Requests\/sec/ {print $2}' "$1"; }
ticks=$(getconf CLK_TCK)
cores=$(nproc)

echo "== $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg), $cores cores"
bodies_needed=$(( soak_uploads > warm_uploads + 500 * duration ? soak_uploads : warm_uploads + 500 * duration ))
echo "== building (Release) and preparing $bodies_needed real-page bodies"
build_service
dotnet build "$repo/src/Archive.Cli" -c Release -v q -nologo >/dev/null
cli="$repo/src/Archive.Cli/bin/Release/net10.0/archive.dll"
# BODIES_FROM=DIR reuses the bodies a kept run (KEEP=1) prepared in DIR/bodies, when it holds enough: load_pages.py is
# deterministic, and preparing 15,000 bodies takes minutes on a loaded machine.
if [ -n "${BODIES_FROM:-}" ] && [ -f "$BODIES_FROM/bodies/$((bodies_needed - 1)).json" ]; then
  ln -s "$(cd "$BODIES_FROM/bodies" && pwd)" "$work/bodies"
else
  python3 "$repo/bench/load_pages.py" "$shared/data" "$work/bodies" "$bodies_needed"
fi
mapfile -t pages <"$work/bodies/pages.txt"
# UPLOAD_FORM=page: the real-page uploads send each body's page as itself (its UTF-8 bytes, text/html, ?url=): the same
# pages and URLs as the JSON bodies, written once into the work folder (never into BODIES_FROM's).
upload_form=${UPLOAD_FORM:-json}
pages_dir=""
if [ "$upload_form" = page ] && [ -n "${BODIES_FROM:-}" ] && [ -f "$BODIES_FROM/pages/$((bodies_needed - 1)).url" ]; then
  # A kept page run's folder (KEEP=1) as BODIES_FROM: its pages too, so a pair of runs started together starts together.
  pages_dir=$(cd "$BODIES_FROM/pages" && pwd)
elif [ "$upload_form" = page ]; then
  pages_dir=$work/pages
  echo "== writing the $bodies_needed bodies' pages as text/html bodies (UPLOAD_FORM=page)"
  mkdir -p "$pages_dir"
  python3 - "$work/bodies" "$pages_dir" "$bodies_needed" <<'PY'
import json, sys, urllib.parse
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    with open(f"{src}/{i}.json", "rb") as f:
        body = json.load(f)
    with open(f"{dst}/{i}.html", "wb") as f:
        f.write(body["html"].encode("utf-8", "surrogatepass"))
    with open(f"{dst}/{i}.url", "w") as f:
        f.write(urllib.parse.quote(body["url"], safe=""))
PY
fi

echo "== archive extract over the same ${#pages[@]} pages (one core, warm)"
dotnet "$cli" extract "${pages[@]}" --timings 2>"$work/extract.txt" >/dev/null
cat "$work/extract.txt" | tail -1
extract_ms=$(awk '/ms\/page/ {gsub(/[(]/, ""); for (i = 1; i <= NF; i++) if ($(i+1) == "ms/page)") print $i}' "$work/extract.txt")

echo "== starting the service"
# perf names JIT-compiled frames from the perf map only when code is not double-mapped (W^X off; the bench alone, and
# only when it profiles: PROFILE=0 runs the service exactly as deployed).
perf_env=()
if { [ "$profile" = 1 ] || [ "${PG_STATEMENTS:-0}" = 1 ] || [ -n "${PG_SETTINGS:-}" ]; } && [ -n "$pg_bin" ]; then
  # The profile (and PG_STATEMENTS=1) asks PostgreSQL which statements cost what: the cluster is made here (as the service
  # would make it) with pg_stat_statements loaded, tracking nothing until the profiled run turns it on. Without the
  # library preloaded, PG_STATEMENTS=1 PROFILE=0 read a view that cannot work and ended the bench after its 8-client run.
  mkdir -p "$work/pg"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pg"
  as_postgres "$pg_bin/initdb" -D "$work/pg" -U archive --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = 'none'\n" >>"$work/pg/postgresql.conf"
  [ "${PG_STATEMENTS:-0}" = 1 ] && printf "pg_stat_statements.track = 'top'\npg_stat_statements.track_planning = on\n" >>"$work/pg/postgresql.conf"
  # PG_SETTINGS="name=value ..." appends settings for a diagnosis (e.g. autovacuum=off holds a fresh archive's state, tables
  # never analyzed, for the whole run, whatever the machine's load does to the warm-up's length).
  for setting in ${PG_SETTINGS:-}; do echo "$setting" >>"$work/pg/postgresql.conf"; done
fi
[ "$profile" = 1 ] && perf_env=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
# ServerTiming: each upload's answer names its phases' wall time (budget, extract, store, lineage, log, answer), which
# bench/load-real.lua averages.
start_service "$service_port" "$work/service.log" Access__RateLimit__Enabled=false Worker__Enabled=false ServerTiming__Enabled=true \
  "${perf_env[@]}"
sleep 5
idle_kb=$(rss_kb "$service_pid")
echo "   idle RSS $((idle_kb / 1024)) MiB; wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), each run ${duration}s, $clients clients"

# Real-page articles stored (the tiny pages live on load.example).
articles() { sql "SELECT count(*) FROM articles WHERE url NOT LIKE 'https://load.example/%'"; }
# upload_real FIRST SECONDS OUT [UNTIL_ARTICLES]: wrk over bodies FIRST.. for SECONDS, or until UNTIL_ARTICLES articles are stored
# (CONNECTIONS=n for another number of clients than CLIENTS).
upload_real() {
  local connections=${CONNECTIONS:-$clients} threads=$(( ${CONNECTIONS:-$clients} < 2 ? 1 : 2 ))
  # wrk shares the cores with the service: its own CPU (its shell's `times`: children's user and system) goes to OUT.times.
  BODIES=$work/bodies PAGES=$pages_dir FIRST=$1 LAST=$((bodies_needed - 1)) THREADS=$threads ARCHIVE_KEY=$admin_key UPLOADS_OUT=${UPLOADS_OUT:-} \
    bash -c 'out=$1; shift; wrk "$@" >"$out"; times >"$out.times"' wrk "$3" \
    -t"$threads" -c"$connections" -d"$2s" --timeout 20s --latency -s "$repo/bench/load-real.lua" "$base" &
  local runner=$!
  if [ -n "${4:-}" ]; then
    while kill -0 "$runner" 2>/dev/null && [ "$(articles)" -lt "$4" ]; do sleep 2; done
    pkill -INT -P "$runner" -x wrk 2>/dev/null || true # wrk prints its figures on SIGINT
  fi
  wait "$runner" || true
}
# Search rows are built after the upload's commit (SearchIndexer): sample, every 0.1 s on one session, how many articles are
# owed to the search index and how old the oldest of them is (from its version's store time, taken before the upload's
# transaction: an upper bound on how long after its 201 an article became searchable). Nothing owed: "0 0". A build
# before the indexer (no indexed_version_id) prints nothing.
search_owed_sql="SELECT count(*) || ' ' || coalesce(round(extract(epoch FROM clock_timestamp() - min(v.created_at)) * 1000), 0)
  FROM articles a JOIN article_versions v ON v.id = a.current_version_id WHERE a.current_version_id IS DISTINCT FROM a.indexed_version_id"
# The sampler is the bench's, not the service's: its backend's CPU (10 statements a second, 1-3 ms per upload at 30
# uploads/s) is taken out of the PostgreSQL figures and printed beside them; search_lag_stop watches its output for the end
# instead of asking on new connections (each a backend started: CPU the cluster figure would count).
search_lag_start() { # OUT
  rm -f "$1.pid"
  (echo "SELECT pg_backend_pid() \\g $1.pid"; echo "$search_owed_sql \\watch 0.1"; while kill -0 "$service_pid" 2>/dev/null; do sleep 1; done) |
    psql -h "$work/pg" -p 5432 -U archive -d archive -Atq >"$1" 2>/dev/null &
  lag_pid=$!
  local waited=0
  until [ -s "$1.pid" ] || [ "$waited" -ge 100 ]; do sleep 0.1; waited=$((waited + 1)); done
}
# The sampler backend's CPU ticks so far (0 without one).
search_lag_ticks() { # OUT
  if [ -s "$1.pid" ]; then cpu_ticks "$(head -1 "$1.pid")"; else echo 0; fi
}
search_lag_stop() { # OUT: waits (at most 300 s) until nothing is owed, stops the sampler, prints the figures
  local waited=0
  while [ "$waited" -lt 3000 ] && [ -s "$1" ] && [ "$(awk 'NF {last = $1} END {print last}' "$1")" != 0 ]; do
    sleep 0.1; waited=$((waited + 1))
  done
  search_lag_ticks "$1" >"$1.ticks"
  pkill -P "$lag_pid" 2>/dev/null || true; kill "$lag_pid" 2>/dev/null || true
  [ -s "$1" ] && sort -n -k2 "$1" | awk 'NF {n++; age[n]=$2; if ($1 > owed) owed = $1} END {
      printf "   search index: oldest owed article %d ms at p50, %d at p99, %d at most (samples every 0.1 s: %d); at most %d owed\n",
        age[(int(n*0.5) > 0 ? int(n*0.5) : 1)], age[(int(n*0.99) > 0 ? int(n*0.99) : 1)], age[n], n, owed }'
  return 0
}
# Every upload of the headline run is recorded (bench/load-real.lua's UPLOADS_OUT) and bench/load_tail.py prints the
# slowest (SLOW_MS, TAIL_SHOW) with their Server-Timing phases. TRACE=1 samples beside that run what they may have waited
# on: PostgreSQL's sessions (wait events, who blocks whom) every 0.1 s and the runtime's counters (GC pauses, thread pool,
# Npgsql's pool) every second; load_tail.py prints both for each slow upload's wall time, and PostgreSQL's log lines of the
# run (checkpoints) follow.
trace_pids=()
trace_start() {
  [ "${TRACE:-0}" = 1 ] || return 0
  local activity_sql="SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint, pid, backend_type, coalesce(state, ''),
      coalesce(wait_event_type, ''), coalesce(wait_event, ''),
      coalesce(round(extract(epoch FROM clock_timestamp() - xact_start) * 1000)::text, ''),
      CASE WHEN wait_event_type = 'Lock' THEN array_to_string(pg_blocking_pids(pid), ' ') ELSE '' END,
      left(regexp_replace(coalesce(query, ''), '\s+', ' ', 'g'), 90)
    FROM pg_stat_activity
    WHERE pid <> pg_backend_pid() AND (state IS DISTINCT FROM 'idle' OR backend_type <> 'client backend')
      AND coalesce(wait_event_type, '') NOT IN ('Activity')"
  (echo "$activity_sql \\watch 0.1"; while kill -0 "$service_pid" 2>/dev/null; do sleep 1; done) |
    psql -h "$work/pg" -p 5432 -U archive -d archive -Atq >"$work/activity.txt" 2>/dev/null &
  trace_pids+=($!)
  wc -l <"$work/pg/server.log" >"$work/server-log-lines" 2>/dev/null || echo 0 >"$work/server-log-lines"
  local counters
  counters=$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")
  if [ -x "$counters" ]; then
    "$counters" collect -p "$service_pid" --refresh-interval 1 --format csv -o "$work/counters.csv" \
      --counters System.Runtime,Npgsql,Microsoft.AspNetCore.Server.Kestrel >/dev/null 2>&1 &
    trace_pids+=($!)
  fi
}
trace_stop() {
  local pid
  for pid in "${trace_pids[@]}"; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  trace_pids=()
}
tail_report() { # UPLOADS_PREFIX
  python3 "$repo/bench/load_tail.py" "$1" "${SLOW_MS:-500}" "${TAIL_SHOW:-10}" \
    "$([ -s "$work/activity.txt" ] && echo "$work/activity.txt")" "$([ -s "$work/counters.csv" ] && echo "$work/counters.csv")" || true
  if [ "${TRACE:-0}" = 1 ] && [ -f "$work/pg/server.log" ]; then
    tail -n +"$(( $(cat "$work/server-log-lines" 2>/dev/null || echo 0) + 1 ))" "$work/pg/server.log" | grep -i 'checkpoint' | sed 's/^/   pg log: /' | head -20 || true
  fi
}

echo "== warm-up: $warm_uploads real-page uploads (JIT, pools)"
upload_real 0 3600 "$work/warm.txt" "$warm_uploads"
next=$(( $(articles) + clients ))

echo "== real-page uploads, $clients clients, ${duration}s (no profiler attached: the headline figures)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
[ "${PG_STATEMENTS:-0}" = 1 ] && sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null 2>&1
pg_statements_reset
pg_split_start
cpu0=$(cpu_ticks "$service_pid"); pg0=$(pg_ticks)
search_lag_start "$work/search-lag.txt"
[ -s "$work/search-lag.txt.pid" ] && echo "$(head -1 "$work/search-lag.txt.pid")" >"$work/pg-split.json.bench"
trace_start
UPLOADS_OUT=$work/uploads-real upload_real "$next" "$duration" "$work/upload-real.txt"
cpu1=$(cpu_ticks "$service_pid"); pg1=$(pg_ticks); lag1=$(search_lag_ticks "$work/search-lag.txt")
trace_stop
search_lag_stop "$work/search-lag.txt" >"$work/search-lag-summary.txt"
# The search rows still owed when the run ended are part of its uploads' cost.
cpu2=$(cpu_ticks "$service_pid"); pg2=$(pg_ticks); lag2=$(cat "$work/search-lag.txt.ticks")
pg1=$((pg1 - lag1)); pg2=$((pg2 - lag2))
real_done=$(requests_of "$work/upload-real.txt")
pg_split_stop "$real_done" "8-client run" >"$work/pg-split-real.txt"
pg_statements_print "$real_done" >>"$work/pg-split-real.txt"
next=$(( $(articles) + clients ))
real_rate=$(rate_of "$work/upload-real.txt")
real_cpu_ms=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$real_done" -v t="$ticks" 'BEGIN {printf "%.1f", (b - a) * 1000 / t / n}')
real_pg_ms=$(awk -v a="$pg0" -v b="$pg1" -v n="$real_done" -v t="$ticks" 'BEGIN {printf "%.1f", (b - a) * 1000 / t / n}')
real_cpu2_ms=$(awk -v a="$cpu0" -v b="$cpu2" -v n="$real_done" -v t="$ticks" 'BEGIN {printf "%.1f", (b - a) * 1000 / t / n}')
real_pg2_ms=$(awk -v a="$pg0" -v b="$pg2" -v n="$real_done" -v t="$ticks" 'BEGIN {printf "%.1f", (b - a) * 1000 / t / n}')
summarise "   POST real page, $clients clients" "$work/upload-real.txt"
echo "   service CPU $real_cpu_ms ms/upload, PostgreSQL CPU $real_pg_ms ms/upload"
echo "   the bench's search-lag sampler (not counted above): PostgreSQL CPU $(awk -v b="$lag1" -v n="$real_done" -v t="$ticks" 'BEGIN {printf "%.1f", b * 1000 / t / n}') ms/upload;" \
  "wrk with bench/load-real.lua: $(awk -v n="$real_done" 'END {gsub(/[ms]/, " "); printf "%.2f", ($1 * 60 + $2 + $3 * 60 + $4) * 1000 / n}' "$work/upload-real.txt.times") ms/upload"
echo "   with the search rows owed at the end built: service CPU $real_cpu2_ms, PostgreSQL CPU $real_pg2_ms ms/upload"
cat "$work/search-lag-summary.txt"
cat "$work/pg-split-real.txt"
grep -h '^server-timing' "$work/upload-real.txt" | sed 's/^/   /' || true
tail_report "$work/uploads-real" | tee "$work/tail-real.txt"

# One client: the wall time of an upload on an otherwise idle service, phase by phase (what running a stage after the
# answer would take off a caller's wait when the machine has CPU to spare).
echo "== real-page uploads, 1 client, ${duration}s"
CONNECTIONS=1 UPLOADS_OUT=$work/uploads-one upload_real "$next" "$duration" "$work/upload-one.txt"
next=$(( $(articles) + clients ))
summarise "   POST real page, 1 client" "$work/upload-one.txt"
grep -h '^server-timing' "$work/upload-one.txt" | sed 's/^/   /' || true
TAIL_SHOW=${TAIL_SHOW_ONE:-3} tail_report "$work/uploads-one" | tee "$work/tail-one.txt"

# The stage split comes from a second run under perf: recording stacks slows the service (2.7 times on 2 cores), so
# throughput and latency are never taken from it. Its shares are applied to the unprofiled run's CPU per upload.
stages=""
if [ "$profile" = 1 ]; then
  echo "== profile: the same uploads for ${duration}s under perf record (stage split only)"
  # ALTER SYSTEM runs outside a transaction block: one statement per call.
  { sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" && sql "ALTER SYSTEM SET pg_stat_statements.track = 'top'" &&
    sql "SELECT pg_reload_conf()" && sleep 1 && sql "SELECT pg_stat_statements_reset()"; } >/dev/null 2>&1 || true
  perf record -F 199 -g -p "$service_pid" -o "$work/perf.data" -- sleep "$duration" >/dev/null 2>&1 &
  perf_pid=$!
  upload_real "$next" "$duration" "$work/upload-profiled.txt"
  # The threads' names as /proc has them: perf names a thread only if it saw the name set (load_stages.py).
  for t in /proc/"$service_pid"/task/*; do echo "${t##*/} $(cat "$t/comm" 2>/dev/null)"; done >"$work/perf-threads.txt"
  wait "$perf_pid" || true
  next=$(( $(articles) + clients ))
  summarise "   POST real page, under perf" "$work/upload-profiled.txt"
  [ -f "$work/perf.data" ] && stages=$(perf script -i "$work/perf.data" 2>/dev/null | python3 "$repo/bench/load_stages.py" "$real_cpu_ms" "$work/perf-threads.txt")
  [ -n "$stages" ] && echo "$stages"
  profiled_done=$(requests_of "$work/upload-profiled.txt")
  # Statements by total time in the server over the profiled run, per upload.
  sql "SELECT to_char(total_exec_time / $profiled_done, 'FM990.00') || ' ms/upload  ' || to_char(calls::float / $profiled_done, 'FM9990.0')
         || ' calls/upload  ' || to_char(rows::float / greatest(calls, 1), 'FM999990') || ' rows/call  '
         || left(regexp_replace(query, '\s+', ' ', 'g'), 110)
       FROM pg_stat_statements WHERE calls > 0 ORDER BY total_exec_time DESC LIMIT 12" >"$work/statements.txt" 2>/dev/null || true
  [ -s "$work/statements.txt" ] && echo "   PostgreSQL statements by time (pg_stat_statements):" && sed 's/^/     /' "$work/statements.txt"
fi

echo "== tiny-page uploads (1.5 KB, one host), 8 clients, ${duration}s"
ARCHIVE_KEY=$admin_key wrk -t2 -c8 -d10s -s "$repo/bench/load-upload.lua" "$base" >/dev/null
cpu0=$(cpu_ticks "$service_pid")
ARCHIVE_KEY=$admin_key wrk -t2 -c8 -d"${duration}s" --latency -s "$repo/bench/load-upload.lua" "$base" >"$work/upload-tiny.txt"
cpu1=$(cpu_ticks "$service_pid")
tiny_cpu_ms=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$(requests_of "$work/upload-tiny.txt")" -v t="$ticks" 'BEGIN {printf "%.1f", (b - a) * 1000 / t / n}')

echo "== article reads, saturated (32 connections) and paced (12 connections, 20 ms apart)"
psql -h "$work/pg" -p 5432 -U archive -d archive -Atqc "SELECT id FROM articles ORDER BY random() LIMIT ${READ_ARTICLES:-200}" >"$work/article-ids.txt"
export IDS_FILE=$work/article-ids.txt
wrk -t2 -c32 -d2s -s "$repo/bench/load-read.lua" "$base" >/dev/null
wrk -t2 -c32 -d"${duration}s" --latency -s "$repo/bench/load-read.lua" "$base" >"$work/read-saturated.txt"
DELAY_MS=20 wrk -t2 -c12 -d"${duration}s" --latency -s "$repo/bench/load-read.lua" "$base" >"$work/read-paced.txt"

soak_left=$((soak_uploads - next))
if [ "$soak_left" -gt 0 ]; then
  echo "== memory: $soak_left more real-page uploads ($soak_uploads in all), RSS sampled every 5 s"
  (while kill -0 "$service_pid" 2>/dev/null; do echo "$SECONDS $(rss_kb "$service_pid")"; sleep 5; done) >"$work/rss.txt" &
  sampler_pid=$!
  pg_statements_reset
  pg_split_start
  upload_real "$next" 7200 "$work/soak.txt" "$soak_uploads"
  pg_split_stop "$(requests_of "$work/soak.txt")" "memory run" >"$work/pg-split-soak.txt"
  pg_statements_print "$(requests_of "$work/soak.txt")" >>"$work/pg-split-soak.txt"
  kill "$sampler_pid" 2>/dev/null || true; sampler_pid=""
fi
sleep 2
end_kb=$(rss_kb "$service_pid")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== results (load average $load_before before the real-page run, $load_after at the end; $cores cores)"
summarise "POST real page, $clients clients" "$work/upload-real.txt"
summarise "POST real page, 1 client" "$work/upload-one.txt"
[ -f "$work/upload-profiled.txt" ] && summarise "POST real page, under perf (profile)" "$work/upload-profiled.txt"
summarise "POST tiny page, 8 clients" "$work/upload-tiny.txt"
summarise "GET article, 32 connections" "$work/read-saturated.txt"
summarise "GET article, paced (12 conn, 20 ms)" "$work/read-paced.txt"
[ -f "$work/soak.txt" ] && summarise "POST real page, memory run" "$work/soak.txt"
echo "extract (CLI, one core, warm):       $extract_ms ms/page = $(awk -v m="$extract_ms" 'BEGIN {printf "%.1f", 1000 / m}') pages/s"
echo "real-page uploads:                   $real_rate/s, $real_done uploads; service CPU $real_cpu_ms ms/upload, PostgreSQL CPU $real_pg_ms ms/upload"
echo "   with the search rows owed at the end built: service CPU $real_cpu2_ms, PostgreSQL CPU $real_pg2_ms ms/upload"
cat "$work/search-lag-summary.txt"
echo "throughput ratio uploads/s ÷ ($cores cores × extract pages/s): $(awk -v r="$real_rate" -v c="$cores" -v m="$extract_ms" 'BEGIN {printf "%.2f", r / (c * 1000 / m)}')"
# How much of the machine the uploads used: near 1, they are CPU-bound, and moving a stage after the answer only moves
# its CPU (the answers could not come faster without leaving work owed).
echo "CPU used by the uploads (service + PostgreSQL) ÷ $cores cores: $(awk -v r="$real_rate" -v s="$real_cpu_ms" -v p="$real_pg_ms" -v c="$cores" 'BEGIN {printf "%.2f", r * (s + p) / 1000 / c}')"
echo "wall time per upload by phase (Server-Timing means):"
grep -h '^server-timing' "$work/upload-real.txt" | sed "s/^/   $clients clients: /" || true
grep -h '^server-timing' "$work/upload-one.txt" | sed 's/^/   1 client:  /' || true
echo "slow uploads (over ${SLOW_MS:-500} ms) of the $clients-client run, then of the 1-client run:"
cat "$work/tail-real.txt" "$work/tail-one.txt"
cat "$work/pg-split-real.txt" 2>/dev/null || true
cat "$work/pg-split-soak.txt" 2>/dev/null || true
[ -n "$stages" ] && echo "service CPU per real-page upload by stage (perf shares of the profiled run × the unprofiled CPU/upload):" && echo "$stages"
[ -s "$work/statements.txt" ] && echo "PostgreSQL statements by time over the profiled run:" && sed 's/^/   /' "$work/statements.txt"
echo "tiny-page uploads:                   service CPU $tiny_cpu_ms ms/upload"
echo "RSS: idle $((idle_kb / 1024)) MiB, after $soak_uploads real-page uploads $((end_kb / 1024)) MiB;" \
  "bound 1.5 × (idle + ${cache_mib} MiB caches) = $(( (idle_kb / 1024 + cache_mib) * 3 / 2 )) MiB:" \
  "$([ $((end_kb / 1024)) -le $(( (idle_kb / 1024 + cache_mib) * 3 / 2 )) ] && echo within || echo OVER)"
[ -f "$work/rss.txt" ] && awk '{if ($2 > max) max = $2} END {printf "RSS max during the memory run: %d MiB\n", max / 1024}' "$work/rss.txt"
echo "articles stored: $(sql 'SELECT count(*) FROM articles'), lineage updates still owed: $(sql 'SELECT count(*) FROM pending_lineage')," \
  "log entries owed: $(sql 'SELECT count(*) FROM log_pending')"
