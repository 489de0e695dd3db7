namespace Archive.Data;

/// <summary>
/// The candidate lookup over <c>fingerprint_keys</c>, shared by the service and the scale benchmark so both run the same SQL.
/// Parameters: @keys the probe's keys (bigint[]), @article_id the probing article (excluded), @min_shared how many keys a
/// candidate must share, @key_limit the common-key limit.
/// </summary>
/// <remarks>
/// Each key's postings are read through the primary key's btree and at most @key_limit of them: a key held by that many articles
/// or more is ignored. Such keys come from what many pages share without copying each other (a site's footer, a wire
/// credit, a stock phrase) and say nothing about which article a text was taken from; reading all their postings is what
/// made lookups grow with the corpus. The work per lookup is therefore bounded by keys × limit whatever the corpus size.
/// A story republished more than @key_limit times is still found through its other, rarer keys, and its copies through each other.
/// </remarks>
public static class FingerprintSql
{
    public const int DefaultCommonKeyLimit = 1000;

    public const string Candidates = """
        WITH postings AS (
            SELECT k.key, p.article_id, count(*) OVER (PARTITION BY k.key) AS holders
            FROM unnest(@keys) AS k(key)
            CROSS JOIN LATERAL (
                SELECT f.article_id FROM fingerprint_keys f WHERE f.key = k.key LIMIT @key_limit) AS p)
        SELECT article_id AS "Value" FROM postings
        WHERE holders < @key_limit AND article_id <> @article_id
        GROUP BY article_id HAVING count(*) >= @min_shared
        """;
}
