using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Archive.Api.Tests.Lineage;

public sealed class CandidateLookupTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Theory]
    [InlineData(10, 6)]  // every key counts: the five template sharers and the copy are candidates
    [InlineData(4, 1)]   // keys held by four or more articles are ignored: only the copy remains
    public async Task Keys_held_by_too_many_articles_do_not_make_candidates(int commonKeyLimit, int expectedCandidates)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        var probe = await ArticleAsync(db);
        var copy = await ArticleAsync(db);
        var sharers = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            sharers.Add(await ArticleAsync(db));
        }
        var offset = commonKeyLimit * 1000L; // keys of this case only
        // Keys 1 and 2: a template every sharer (and the probe) carries. Keys 3 and 4: the text the copy took.
        db.FingerprintKeys.AddRange(sharers.SelectMany(s => new[] { Key(offset + 1, s), Key(offset + 2, s) }));
        db.FingerprintKeys.AddRange(Key(offset + 3, copy), Key(offset + 4, copy));
        await db.SaveChangesAsync();

        var candidates = await db.Database.SqlQueryRaw<Guid>(FingerprintSql.Candidates,
                new NpgsqlParameter("keys", null) { Value = new[] { offset + 1, offset + 2, offset + 3, offset + 4 }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new NpgsqlParameter("article_id", null) { Value = probe, NpgsqlDbType = NpgsqlDbType.Uuid },
                new NpgsqlParameter("min_shared", null) { Value = 2 },
                new NpgsqlParameter("key_limit", null) { Value = commonKeyLimit })
            .ToListAsync();

        Assert.Equal(expectedCandidates, candidates.Count);
        Assert.Contains(copy, candidates);
    }

    private static FingerprintKey Key(long key, Guid article) => new() { Key = key, ArticleId = article };

    private static async Task<Guid> ArticleAsync(ArchiveDbContext db)
    {
        var article = new Article { Url = $"https://example.com/{Guid.NewGuid()}", CreatedAt = DateTimeOffset.UtcNow };
        db.Articles.Add(article);
        await db.SaveChangesAsync();
        return article.Id;
    }
}
