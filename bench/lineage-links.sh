#!/usr/bin/env bash
# The stored lineage of each run of a kept bench/lineage.sh work folder, for comparing builds: every lineage_links row with
# URLs for ids (kind, figures, basis, declaration, reuse, evidence, diff) and the run's own times and log indexes masked,
# one file per run, and the number of story pairs.
# usage: bench/lineage-links.sh LINEAGE_WORK_DIR OUT_DIR    then: cmp OUT_A/manifest.links OUT_B/manifest.links
set -euo pipefail
work=$1 out=$2
mkdir -p "$out"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
for pg in "$work"/pg-*; do
  name=${pg##*/pg-}
  as_postgres "$pg_bin/pg_ctl" -D "$pg" -o "-c listen_addresses= -c unix_socket_directories=$pg -p 5432" -l "$pg/links.log" -w start >/dev/null
  psql -h "$pg" -U archive -d archive -Atc "
    SELECT r.url, d.url, o.url, l.kind, l.similarity, l.containment, l.source_coverage, l.basis, l.declared_by, l.reuse,
      regexp_replace(l.evidence::text, '\"logIndex\": *[0-9]+', 'L', 'g'), l.diff::text
    FROM lineage_links l JOIN articles r ON r.id = l.republication_id JOIN articles d ON d.id = l.derived_from_id
    JOIN articles o ON o.id = l.origin_id ORDER BY r.url" |
    sed -E 's/20[0-9]{2}-[0-9]{2}-[0-9]{2}[ T][0-9:.]+(Z|[+-][0-9:]+)?/T/g' >"$out/$name.links"
  psql -h "$pg" -U archive -d archive -Atc "SELECT count(*) FROM story_pairs" >"$out/$name.pairs"
  as_postgres "$pg_bin/pg_ctl" -D "$pg" -m fast -w stop >/dev/null
  echo "$name: $(wc -l <"$out/$name.links") links, $(cat "$out/$name.pairs") pairs"
done
