-- One growth g for bench/search-estimates.sql: statistics of the first 1/g rows, estimates times the whole table.
DROP TABLE IF EXISTS est;
CREATE TABLE est WITH (autovacuum_enabled = false) AS SELECT article_id, version_id, publisher_id, language, sort_at, document, pairs FROM src WHERE n <= round(:total / :g);
ALTER TABLE est ALTER COLUMN document SET STATISTICS 0, ALTER COLUMN pairs SET STATISTICS 0;
CREATE INDEX est_terms ON est USING gin ((document || pairs));
ALTER INDEX est_terms ALTER COLUMN 1 SET STATISTICS 400;
ANALYZE est;
INSERT INTO est_result SELECT :g, kind, word, actual, (SELECT count(*) FROM est), pg_temp.est_rows(word) / pg_temp.est_n(),
  pg_temp.est_rows(word) / pg_temp.est_n() * :total FROM est_words;
