#!/usr/bin/env bash
# What an upload costs PostgreSQL and the service in load-proof units, two builds side by side: statements
# (pg_stat_statements), CPU and context switches of the service and of the cluster for a fixed number of real-page
# uploads from one client, in blocks alternated between the two (bench/round_trips.py), so both see the same machine.
# usage: BASE=/path/to/other/checkout bench/round-trips.sh   (env: UPLOADS=400 counted, WARM=200 first, BLOCK=20,
#        PORT=24210 (and PORT+1), BODIES_FROM=<kept bench/load.sh work folder> (needed: its bodies/N.json), KEEP=1)
# Both checkouts are built in Release here. Each service runs on a cluster of its own, made with pg_stat_statements.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
base=${BASE:?BASE=<checkout to compare against>}
uploads=${UPLOADS:-400}; warm=${WARM:-200}; block=${BLOCK:-20}; port=${PORT:-24210}
bodies=${BODIES_FROM:?BODIES_FROM=<kept load.sh work folder>}/bodies
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/archive-trips.XXXXXX); chmod 755 "$work"
key="bench-admin-key-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 3
  for d in "$work"/*/pg; do [ -f "$d/PG_VERSION" ] && as_postgres "$pg_bin/pg_ctl" stop -m fast -D "$d" >/dev/null 2>&1 || true; done
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
mapfile -t runtime_env < <(sed -n 's/^ENV \(\(DOTNET\|MALLOC\)_[A-Za-z0-9_]*=[^ ]*\).*/\1/p' "$repo/Dockerfile")
echo "== $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg); base $(git -C "$base" rev-parse --short HEAD), this $(git -C "$repo" rev-parse --short HEAD)"
args=()
i=0
for side in base this; do
  dir=$base; [ $side = this ] && dir=$repo
  dotnet build "$dir/src/Archive.Api" -c Release -v q -nologo >/dev/null
  mkdir -p "$work/$side/pg"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$work/$side/pg"
  as_postgres "$pg_bin/initdb" -D "$work/$side/pg" -U archive --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = 'top'\n" >>"$work/$side/pg/postgresql.conf"
  p=$((port + i)); i=$((i + 1))
  (cd "$dir/src/Archive.Api/bin/Release/net10.0" && exec env Database__DataDirectory="$work/$side/pg" \
     Log__SigningKeyFile="$work/$side/log.key" Urls="http://127.0.0.1:$p" ARCHIVE_ADMIN_KEY="$key" \
     Logging__LogLevel__Default=Warning Access__RateLimit__Enabled=false Worker__Enabled=false \
     "${runtime_env[@]}" dotnet Archive.Api.dll >>"$work/$side/service.log" 2>&1) &
  pids+=($!)
  until curl -sf -m 2 "http://127.0.0.1:$p/health" >/dev/null; do sleep 1; done
  args+=("$side=http://127.0.0.1:$p,${pids[-1]},$work/$side/pg,$key")
done
sql() { psql -h "$work/$1/pg" -p 5432 -U archive -d archive -Atqc "$2"; }
echo "== warming both with $warm uploads"
python3 "$repo/bench/round_trips.py" "$bodies" "$warm" "$block" "${args[@]}" >/dev/null
for side in base this; do sql $side "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" >/dev/null; done
echo "== $uploads uploads each, blocks of $block alternated (load average $(cut -d' ' -f1-3 /proc/loadavg))"
FIRST=$warm python3 "$repo/bench/round_trips.py" "$bodies" "$uploads" "$block" "${args[@]}"
for side in base this; do
  # The bench's own statements (this psql) are left out.
  echo "   $side: statements per upload $(sql $side "SELECT round(sum(calls)::numeric / $uploads, 1) FROM pg_stat_statements
    WHERE query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE 'CREATE EXTENSION%'"); by statement (calls per upload):"
  sql $side "SELECT round(calls::numeric / $uploads, 2) || '  ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements
    WHERE query NOT LIKE '%pg_stat_statements%' AND calls >= $uploads / 10 ORDER BY calls DESC LIMIT 40" | sed 's/^/     /' >"$work/$side.statements"
  cat "$work/$side.statements"
done
echo "== done $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
