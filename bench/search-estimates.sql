-- bench/search-estimates.sql (psql -f, on a kept bench cluster): the planner's estimates of ~100 lexemes and pairs of article_search with statistics gathered when the table held
-- 1/g of its rows (in creation order; g = 1.1, 1.2, 1.5, 2: the growth an analyze scale factor of 0.1 .. 1 lets pass), and
-- with fresh ones (g = 1), against their counts. Each set of statistics is gathered on a copy (est) of the first rows with
-- the terms index and its target 400; its selectivity times the whole table's rows is what the planner would estimate
-- (it scales a selectivity by the relation's current size). article_search itself is not touched.
-- For the real-page rows alone (a stable distribution), add to src's query: JOIN articles a ON a.id = s.article_id WHERE
-- a.url NOT LIKE 'https://load.example/%', and count the words over src (ts_stat of src). Result: search-estimates.csv.
\set ON_ERROR_STOP 1
SET max_parallel_workers_per_gather = 0;
SET maintenance_work_mem = '256MB';
DROP TABLE IF EXISTS est, est_words, est_result, src;
CREATE TABLE src AS SELECT s.article_id, s.version_id, s.publisher_id, s.language, s.sort_at, s.document, s.pairs,
  row_number() OVER (ORDER BY v.created_at, s.article_id) AS n
  FROM article_search s JOIN article_versions v ON v.id = s.version_id;
SELECT count(*) AS total FROM src \gset
CREATE TABLE est_words AS
WITH lx AS (SELECT word, ndoc, row_number() OVER (ORDER BY ndoc DESC, word) AS r FROM ts_stat('SELECT document FROM article_search')),
     pr AS (SELECT word, ndoc, row_number() OVER (ORDER BY ndoc DESC, word) AS r FROM ts_stat('SELECT pairs FROM article_search')),
     ranks AS (SELECT DISTINCT round(power(1.1, k))::bigint AS r FROM generate_series(0, 105) k),
     pranks AS (SELECT DISTINCT round(power(1.6, k))::bigint AS r FROM generate_series(0, 22) k)
SELECT 'lexeme' AS kind, word, ndoc AS actual FROM lx WHERE r IN (SELECT r FROM ranks)
UNION ALL SELECT 'pair', word, ndoc FROM pr WHERE r IN (SELECT r FROM pranks);
SELECT count(*) AS words FROM est_words \gset
\echo words :words total :total
CREATE FUNCTION pg_temp.est_rows(w text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM est s WHERE (s.document || s.pairs) @@ ' || quote_literal(quote_literal(w)) || '::tsquery' INTO j;
  RETURN (j->0->'Plan'->>'Plan Rows')::float8;
END $$;
CREATE FUNCTION pg_temp.est_n() RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM est s' INTO j;
  RETURN (j->0->'Plan'->>'Plan Rows')::float8;
END $$;
CREATE TABLE est_result (growth float8, kind text, word text, actual bigint, rows_at_analyze bigint, sel float8, estimate float8);
\set g 1.0
\ir search-estimates-growth.sql
\set g 1.1
\ir search-estimates-growth.sql
\set g 1.2
\ir search-estimates-growth.sql
\set g 1.5
\ir search-estimates-growth.sql
\set g 2.0
\ir search-estimates-growth.sql
\copy est_result TO 'search-estimates.csv' CSV HEADER
DROP TABLE est, src;
