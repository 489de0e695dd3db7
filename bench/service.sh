# Shared helpers for bench/crash.sh and bench/load.sh: a Release build of the service on 127.0.0.1 with an embedded
# PostgreSQL cluster of its own. Source it; it expects $repo and $work to be set.
# shellcheck shell=bash

api_dll="$repo/src/Archive.Api/bin/Release/net10.0/Archive.Api.dll"
admin_key="bench-admin-key-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
# The runtime settings the image sets (the Dockerfile's `ENV DOTNET_...` and `ENV MALLOC_...` lines, e.g. the GC's gen0
# budget, glibc's arena count): the bench runs the service as it is deployed. A caller's own VAR=value given to
# start_service still wins.
mapfile -t runtime_env < <(sed -n 's/^ENV \(\(DOTNET\|MALLOC\)_[A-Za-z0-9_]*=[^ ]*\).*/\1/p' "$repo/Dockerfile")
service_pid=""
origin_pid=""

build_service() {
  dotnet build "$repo/src/Archive.Api" -c Release -v q -nologo >/dev/null
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

sql() {
  psql -h "$work/pg" -p 5432 -U archive -d archive -Atqc "$1"
}

# start_service PORT LOGFILE [extra VAR=value...]: starts the service and waits (START_TIMEOUT s, 120 by default: initdb
# and the migrations of a fresh cluster take minutes on a machine loaded by others) for /health.
start_service() {
  local port=$1 log=$2; shift 2
  (cd "$(dirname "$api_dll")" && exec env \
      Database__DataDirectory="$work/pg" Log__SigningKeyFile="$work/log-signing.key" Urls="http://127.0.0.1:$port" \
      Fetching__AllowedNetworks__0=127.0.0.1/32 ARCHIVE_ADMIN_KEY="$admin_key" \
      Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.Hosting.Lifetime=Information \
      "${runtime_env[@]}" "$@" dotnet "$api_dll" >>"$log" 2>&1) &
  service_pid=$!
  local timeout=${START_TIMEOUT:-120}
  local deadline=$((SECONDS + timeout))
  until curl -sf -m 2 "http://127.0.0.1:$port/health" >/dev/null; do
    if ! kill -0 "$service_pid" 2>/dev/null; then echo "the service exited; see $log" >&2; return 1; fi
    if [ $SECONDS -ge $deadline ]; then echo "the service did not answer /health within $timeout s; see $log" >&2; return 1; fi
    sleep 0.5
  done
}

stop_service() {
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM "$service_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$service_pid" 2>/dev/null || true
  fi
  service_pid=""
}

stop_cluster() {
  if [ -n "$pg_bin" ] && [ -f "$work/pg/PG_VERSION" ]; then
    as_postgres "$pg_bin/pg_ctl" stop -m fast -D "$work/pg" >/dev/null 2>&1 || true
  fi
}

# start_origin PORT DIR: python's static file server over DIR on 127.0.0.1.
start_origin() {
  python3 -m http.server "$1" --bind 127.0.0.1 --directory "$2" >/dev/null 2>&1 &
  origin_pid=$!
  local deadline=$((SECONDS + 30))
  until curl -s -o /dev/null -m 2 "http://127.0.0.1:$1/"; do
    [ $SECONDS -lt $deadline ] || { echo "the origin did not start" >&2; return 1; }
    sleep 0.2
  done
}

# make_pages DIR COUNT: COUNT distinct article pages DIR/p/N.html, N from 1.
make_pages() {
  python3 - "$1" "$2" <<'PY'
import os, random, sys
out, count = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(out, "p"), exist_ok=True)
words = ("council harbour river budget school storm market bridge election court station museum festival hospital "
         "railway factory farmers teachers minister mayor police report vote plan funding residents museum library "
         "coast winter summer drought flood energy wind solar transport housing rent wages strike union trial").split()
for n in range(1, count + 1):
    rnd = random.Random(n)
    paras = "".join("<p>" + " ".join(rnd.choice(words) for _ in range(40)).capitalize() + f" (story {n}, part {i}).</p>"
                    for i in range(6))
    html = (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Story {n}</title></head><body>"
            f"<header><nav><a href=/>Home</a></nav></header><article><h1>Story number {n}</h1>{paras}</article>"
            f"<footer>Bench Gazette</footer></body></html>")
    with open(os.path.join(out, "p", f"{n}.html"), "w") as f:
        f.write(html)
PY
}

# rss_kb PID: resident set size of the process.
# A process's CPU ticks (user + system), 0 once it is gone.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# The cluster's CPU ticks: the postmaster's own, its reaped children's (cutime, cstime: backends the pool retired,
# parallel and autovacuum workers that ended; without them a run once printed -122.2 ms/upload) and its live children's.
# Read per process: over a /proc glob, Debian's awk (mawk) stops at a vanished process. A child that exits between the
# listing and the read counts 0 now and in cutime later, so a run may gain, never lose, a finished child's time.
pg_ticks() {
  local master t p
  master=$(head -1 "$work/pg/postmaster.pid")
  t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$master/stat")
  for p in $(ps -o pid= --ppid "$master"); do t=$((t + $(cpu_ticks "$p"))); done
  echo "$t"
}
rss_kb() {
  awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

# pg_split_start / pg_split_stop UPLOADS NAME: the cluster's CPU over a run split by process class (backends, autovacuum
# workers, checkpointer, ...; bench/pg_classes.py samples the postmaster's children), with the backends started during it
# (a pool that churns connections pays PostgreSQL's start-up each time), what autovacuum did and the WAL written.
pg_split_pid=""
pg_split_start() {
  sql "SELECT coalesce(sum(autovacuum_count), 0) || ' ' || coalesce(sum(autoanalyze_count), 0) FROM pg_stat_user_tables" \
    >"$work/pg-split-av0" 2>/dev/null || echo "0 0" >"$work/pg-split-av0"
  sql "SELECT pg_current_wal_lsn()" >"$work/pg-split-wal0" 2>/dev/null || true
  sql "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter" >"$work/pg-split-cp0" 2>/dev/null || true
  rm -f "$work/pg-split.json" "$work/pg-split.json.ready" "$work/pg-split.json.bench"
  python3 "$repo/bench/pg_classes.py" "$(head -1 "$work/pg/postmaster.pid")" "$work/pg-split.json" &
  pg_split_pid=$!
  local deadline=$((SECONDS + 60))
  until [ -f "$work/pg-split.json.ready" ] || [ $SECONDS -ge $deadline ]; do sleep 0.2; done
}
pg_split_stop() {
  [ -n "$pg_split_pid" ] || return 0
  kill -TERM "$pg_split_pid" 2>/dev/null || true
  wait "$pg_split_pid" 2>/dev/null || true
  pg_split_pid=""
  [ -s "$work/pg-split.json" ] || { echo "   PostgreSQL CPU by process class, $2: the sampler wrote nothing"; return 0; }
  local av wal cp
  av=$(sql "SELECT coalesce(sum(autovacuum_count), 0) || ' ' || coalesce(sum(autoanalyze_count), 0) FROM pg_stat_user_tables" 2>/dev/null)
  wal=$(sql "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$(cat "$work/pg-split-wal0")')" 2>/dev/null || echo 0)
  cp=$(sql "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter" 2>/dev/null || echo 0)
  python3 - "$work/pg-split.json" "$1" "$2" "$(cat "$work/pg-split-av0") $av" "$wal" "$(( cp - $(cat "$work/pg-split-cp0" 2>/dev/null || echo 0) ))" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); n = max(int(sys.argv[2]), 1); name = sys.argv[3]
v0, a0, v1, a1 = (int(x) for x in sys.argv[4].split()); wal = float(sys.argv[5]); cps = sys.argv[6]
parts = sorted(((c, v) for c, v in d["classes"].items() if c != "bench (not counted)"), key=lambda kv: -kv[1]["ms"])
print(f"   PostgreSQL CPU by process class, {name}: {d['total_ms'] / n:.1f} ms/upload over {n} uploads in {d['seconds']:.0f} s")
print("     " + ", ".join(f"{c} {v['ms'] / n:.1f}" for c, v in parts if abs(v["ms"]) >= 0.05 * n))
if d.get("bench_ms"):
    print(f"     (the bench's own sessions, left out of the total: {d['bench_ms'] / n:.1f} ms/upload)")
started = {c: v["started"] for c, v in parts if v["started"]}
print(f"     processes started: {started or 'none'}; autovacuums {v1 - v0}, autoanalyzes {a1 - a0}; "
      f"checkpoints {cps}; WAL {wal / n / 1024:.0f} KiB/upload")
PY
}

# With PG_STATEMENTS=1 the bench cluster tracks statements (pg_stat_statements, planning included) in every run, not only
# the profiled one: pg_statements_reset before a run, pg_statements_print UPLOADS after it (execution and planning time
# per upload, the sum first, then the top statements).
pg_statements_reset() {
  [ "${PG_STATEMENTS:-0}" = 1 ] || return 0
  sql "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 || true
}
pg_statements_print() {
  [ "${PG_STATEMENTS:-0}" = 1 ] || return 0
  local n=$1
  # Best effort, like the reset: a cluster without the library must not end the bench (pipefail + set -e).
  sql "SELECT 'statements: exec ' || to_char(sum(total_exec_time) / $n, 'FM990.00') || ' ms/upload, plan '
         || to_char(sum(total_plan_time) / $n, 'FM990.00') || ' ms/upload, ' || to_char(sum(calls)::float / $n, 'FM9990.0')
         || ' calls/upload' FROM pg_stat_statements" 2>/dev/null | sed 's/^/   /' || true
  sql "SELECT to_char(total_exec_time / $n, 'FM990.00') || ' + ' || to_char(total_plan_time / $n, 'FM990.00')
         || ' ms/upload (exec + plan)  ' || to_char(calls::float / $n, 'FM9990.0') || ' calls/upload  '
         || left(regexp_replace(query, '\s+', ' ', 'g'), 100)
       FROM pg_stat_statements WHERE calls > 0 ORDER BY total_exec_time + total_plan_time DESC LIMIT ${PG_STATEMENTS_TOP:-8}" 2>/dev/null | sed 's/^/     /' || true
}
