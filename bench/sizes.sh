#!/usr/bin/env bash
# Per-row storage on a database filled with real pages: uploads COUNT bodies of bench/load_pages.py (WCXB-dev articles and
# Zyte pages as they are, then the same pages with their words shuffled, each a new story) through a Release service on
# 127.0.0.1:PORT with an embedded cluster of its own, then prints each table's rows and bytes per row (heap, TOAST,
# indexes) and the bytes per article the whole database takes: the base of docs/scale-out.md's 10M / 100M estimates.
# Prints figures, asserts nothing. usage: bash bench/sizes.sh [COUNT=3000] [PORT=18710] [CLIENTS=4]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-3000}
port=${2:-18710}
clients=${3:-4}
shared=${ARCHIVE_SHARED:-$(cd "$repo/.." && pwd)/shared}
[ -d "$shared/data/wcxb-dev" ] || shared=/work/shared
work=$(mktemp -d /tmp/archive-sizes.XXXXXX)
chmod 755 "$work"
# shellcheck source=bench/service.sh
source "$repo/bench/service.sh"
cleanup() { stop_service; stop_cluster; rm -rf "$work"; }
trap cleanup EXIT

echo "== $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; $count real-page uploads"
build_service
python3 "$repo/bench/load_pages.py" "$shared/data" "$work/bodies" "$count"
start_service "$port" "$work/service.log"
start=$SECONDS
seq 0 $((count - 1)) | xargs -P "$clients" -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "X-Api-Key: $admin_key" \
  -H 'content-type: application/json' --data-binary "@$work/bodies/{}.json" "http://127.0.0.1:$port/api/captures" \
  | sort | uniq -c | sed 's/^/  status /'
echo "  uploaded in $((SECONDS - start)) s"
# Lineage and the log finish in the background; wait for both to be idle before measuring.
for _ in $(seq 1 120); do
  [ "$(sql "SELECT (SELECT count(*) FROM pending_lineage) + (SELECT count(*) FROM log_pending)")" = 0 ] && break
  sleep 1
done
sql "VACUUM ANALYZE" >/dev/null

echo "== tables (rows; bytes per row: total = heap + TOAST + indexes)"
sql "SELECT format('  %-22s %9s rows %8s B/row = heap %6s + toast %6s + index %5s', c.relname, n.cnt,
        round(pg_total_relation_size(c.oid)::numeric / n.cnt), round(pg_relation_size(c.oid)::numeric / n.cnt),
        round(coalesce(pg_total_relation_size(c.reltoastrelid), 0)::numeric / n.cnt), round(pg_indexes_size(c.oid)::numeric / n.cnt))
     FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace,
     LATERAL (SELECT (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', c.relname), false, true, '')))[1]::text::bigint AS cnt) n
     WHERE s.nspname = 'public' AND c.relkind = 'r' AND n.cnt > 0 ORDER BY pg_total_relation_size(c.oid) DESC"
echo "== columns (average stored bytes, compressed as PostgreSQL keeps them)"
sql "SELECT format('  captures.raw_compressed %s B stored for %s B of page (raw_length); response_headers %s B',
        round(avg(pg_column_size(raw_compressed))), round(avg(raw_length)), round(avg(pg_column_size(response_headers)))) FROM captures"
sql "SELECT format('  article_versions: text %s B, html %s B, page_text %s B, evidence %s B', round(avg(pg_column_size(text))),
        round(avg(pg_column_size(html))), round(avg(pg_column_size(page_text))), round(avg(pg_column_size(evidence)))) FROM article_versions"
sql "SELECT format('  article_search.document %s B', round(avg(pg_column_size(document)))) FROM article_search"
sql "SELECT format('  fingerprint keys per article %s, site paragraphs per article %s',
        round((SELECT count(*) FROM fingerprint_keys)::numeric / count(*), 1), round((SELECT count(*) FROM site_paragraphs)::numeric / count(*), 1)) FROM articles"
sql "SELECT format('  captures over 256 KiB raw: %s %% of captures, %s %% of raw bytes stored',
        round(100.0 * count(*) FILTER (WHERE raw_length > 262144) / count(*), 1),
        round(100.0 * sum(pg_column_size(raw_compressed)) FILTER (WHERE raw_length > 262144) / sum(pg_column_size(raw_compressed)), 1)) FROM captures"
echo "== whole database"
sql "SELECT format('  %s articles, %s captures, database %s MB = %s B per article', a, c, round(d / 1048576.0), round(d::numeric / a))
     FROM (SELECT (SELECT count(*) FROM articles) a, (SELECT count(*) FROM captures) c, pg_database_size(current_database()) d) x"
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
