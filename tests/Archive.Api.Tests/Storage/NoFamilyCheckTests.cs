using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Archive.Data.Lineage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static Archive.Api.Tests.Infrastructure.Statements;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// What the no-family check (<see cref="LineageStore.CheckNoFamilyAsync"/>) answers for an article with a candidate on another
/// host: the candidate when the article is in no family; none when it is in one, since the family update looks candidates up
/// again under its own locks and the check's lookup (an index probe per fingerprint key) was work for nothing there.
/// </summary>
public sealed class NoFamilyCheckTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Fact]
    public async Task An_article_in_no_family_gets_its_candidates_and_one_in_a_family_none()
    {
        await using var db = await PreparedStatements.OpenSessionAsync(factory.ConnectionString);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var lineage = new LineageStore(db);
        Guid article = Guid.CreateVersion7(), copy = Guid.CreateVersion7(), sameHost = Guid.CreateVersion7(), partner = Guid.CreateVersion7();
        var seed = Random.Shared.NextInt64(1, long.MaxValue / 2);
        long[] keys = [.. Enumerable.Range(0, 20).Select(k => seed + k)];
        await ExecuteAsync(connection, """
            INSERT INTO articles (id, url, created_at) VALUES
                ($1, 'https://gazette.example/a', now()), ($2, 'https://courier.example/b', now()),
                ($3, 'https://gazette.example/c', now()), ($4, 'https://herald.example/d', now())
            """, article, copy, sameHost, partner);
        // The article's keys, all of them shared by a copy on another host (a candidate) and one on its own host (never one).
        await ExecuteAsync(connection, """
            INSERT INTO fingerprint_keys (key, article_id) SELECT k, a FROM unnest($1::bigint[]) AS k, unnest($2::uuid[]) AS a
            """, keys, new[] { article, copy, sameHost });
        var query = new CandidateQuery(article, keys, 2, FingerprintSql.DefaultCommonKeyLimit);

        var alone = await CheckAsync(lineage, query);
        Assert.False(alone.InFamily);
        Assert.Equal([copy], alone.Candidates);
        Assert.False(alone.Settled);
        // Rejected by the caller: nothing else, settled.
        var rejected = await lineage.CheckNoFamilyAsync(query, "https://gazette.example/a", null, [], [copy], DateTimeOffset.UtcNow,
            CancellationToken.None);
        Assert.True(rejected is { InFamily: false, Candidates: [], Settled: true });

        // Paired with another article: in a family; its candidates are the family update's to find.
        await ExecuteAsync(connection, """
            INSERT INTO story_pairs (article_a, article_b, similarity, containment_of_a_in_b, containment_of_b_in_a)
            VALUES (least($1, $2), greatest($1, $2), 0.9, 0.9, 0.9)
            """, article, partner);
        var paired = await CheckAsync(lineage, query);
        Assert.True(paired.InFamily);
        Assert.Empty(paired.Candidates);
        Assert.False(paired.Settled);
        // The lookup the check left out still finds the copy: the family update's own (LineageStore.CandidatesAsync).
        Assert.Contains(copy, await lineage.CandidatesAsync(query, CancellationToken.None));
    }

    private static Task<NoFamilyCheck> CheckAsync(LineageStore lineage, CandidateQuery query) =>
        lineage.CheckNoFamilyAsync(query, "https://gazette.example/a", null, [], [], DateTimeOffset.UtcNow, CancellationToken.None);
}
