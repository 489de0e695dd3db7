#!/usr/bin/env bash
# Reader benchmark: server render time of an article page whose story has a FAMILY-member family, and search latency with
# ARTICLES articles in the archive. Seeds a throw-away database (real migrations, real paragraphs from ../shared/data, the
# search triggers index every article), runs the Release service on 127.0.0.1:PORT against it, uploads the family through
# the API, then times one request at a time from a client on the same machine (so figures include loopback HTTP).
# Article pages are rendered afresh on every request (Reader:CacheArticlePages=false): the figure is the render, not the
# output cache. Prints figures, asserts nothing. Needs the PostgreSQL server named by ConnectionStrings__Archive (default: the system
# server on 127.0.0.1:5432).
# Seeding 100k articles takes ~20 min on a loaded machine: READER_BENCH_KEEP=1 keeps the seeded database (and its query mix
# beside it as /tmp/<database>.queries); READER_BENCH_DB=<database> measures again on a kept one without seeding (the family
# is uploaded only if it is not archived there yet, so a kept database does not grow from run to run).
# usage: bash bench/reader.sh [ARTICLES=100000] [FAMILY=50] [REQUESTS=500] [PORT=8610]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
articles=${1:-100000}
family=${2:-50}
requests=${3:-500}
port=${4:-8610}
data=${ARCHIVE_DATA:-$(cd "$repo/.." && pwd)/shared/data}
[ -d "$data/wcxb-dev" ] || data=/work/shared/data
base=${ConnectionStrings__Archive:-Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=archive}
db="${READER_BENCH_DB:-archive_reader_bench_$$}"
conn="$(echo "$base" | sed -E "s/Database=[^;]*/Database=$db/")"
work=$(mktemp -d)
key="bench-reader-key-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
service_pid=""
psql_admin() { PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qAtc "$1"; }
cleanup() {
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  if [ -z "${READER_BENCH_DB:-}" ] && [ -z "${READER_BENCH_KEEP:-}" ]; then
    psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "reader bench: $articles articles, a $family-member family, $requests page requests; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
dotnet build "$repo/src/Archive.Api" -c Release -v q -nologo >/dev/null
dotnet build "$repo/bench/Archive.Bench.Reader" -c Release -v q -nologo -o "$work/bench" >/dev/null
if [ -n "${READER_BENCH_DB:-}" ]; then
  cp "/tmp/$db.queries" "$work/queries.txt"
  echo "measuring again on the kept database $db"
else
  psql_admin "CREATE DATABASE $db" >/dev/null
  timeout 60m dotnet "$work/bench/Archive.Bench.Reader.dll" seed "$conn" "$data" "$articles" "$work/queries.txt"
  if [ -n "${READER_BENCH_KEEP:-}" ]; then cp "$work/queries.txt" "/tmp/$db.queries"; echo "kept database $db"; fi
fi
PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d "$db" -qAtc \
  "SELECT 'article_search: ' || count(*) || ' rows, ' || pg_size_pretty(pg_total_relation_size('article_search')) || ' with its indexes' FROM article_search"

(cd "$repo/src/Archive.Api/bin/Release/net10.0" && exec env ConnectionStrings__Archive="$conn" Urls="http://127.0.0.1:$port" \
   ARCHIVE_ADMIN_KEY="$key" Access__RateLimit__Enabled=false Reader__CacheArticlePages=false ServerTiming__Enabled=true Logging__LogLevel__Default=Warning \
   dotnet Archive.Api.dll \
   >"$work/service.log" 2>&1) &
service_pid=$!
# A loaded machine (load 30) has taken 100 s to start the service on the 100k database.
start_seconds=${READER_BENCH_START_SECONDS:-300}
deadline=$((SECONDS + start_seconds))
until curl -sf -m 2 "http://127.0.0.1:$port/health" >/dev/null; do
  kill -0 "$service_pid" 2>/dev/null || { echo "the service exited:"; tail -20 "$work/service.log"; exit 1; }
  [ $SECONDS -lt $deadline ] || { echo "the service did not start within $start_seconds s"; exit 1; }
  sleep 0.5
done
timeout 30m dotnet "$work/bench/Archive.Bench.Reader.dll" measure "http://127.0.0.1:$port" "$key" "$work/queries.txt" "$family" "$requests" "$conn"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
