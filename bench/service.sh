# Shared helpers for bench/crash.sh and bench/load.sh: a Release build of the service on 127.0.0.1 with an embedded
# PostgreSQL cluster of its own. Source it; it expects $repo and $work to be set.
# shellcheck shell=bash

api_dll="$repo/src/Archive.Api/bin/Release/net10.0/Archive.Api.dll"
admin_key="bench-admin-key-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
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
      "$@" dotnet "$api_dll" >>"$log" 2>&1) &
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
