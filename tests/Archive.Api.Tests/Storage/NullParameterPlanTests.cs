using Archive.Api.Tests.Infrastructure;
using Archive.Data.Entities;
using Archive.Data.Stores;
using Archive.Engine;
using Archive.Engine.Urls;
using Archive.Transparency.Entries;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// The ingest's inserts keep one prepared statement per session whichever of their values are null. Npgsql prepares a
/// statement for the types its parameters are sent as, and an untyped null is sent as no type at all: the version insert,
/// whose nullable fields (byline, dates, description, …) are null on some pages and not on others, was prepared again
/// whenever the pattern changed — parsed, analysed and planned at 86% of uploads under load (pg_stat_statements, bench/load.sh;
/// docs/performance.md, "pgacct25"). Read from the session's own prepared statements.
/// </summary>
public sealed class NullParameterPlanTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private const int Uploads = 8;

    [Fact]
    public async Task The_capture_and_version_inserts_are_prepared_once_whichever_values_are_null()
    {
        await using var db = await PreparedStatements.OpenSessionAsync(factory.ConnectionString);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var store = new CaptureStore(db);
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < Uploads; i++)
        {
            // Every other upload leaves each nullable field empty, as pages without a byline or a date do.
            var full = i % 2 == 0;
            var url = $"https://nullplans.example/story-{i}";
            var at = EntryTimes.ToMicroseconds(start.AddMinutes(i));
            var capture = new Capture
            {
                RequestedUrl = url,
                FinalUrl = url,
                RedirectChain = "[]",
                ResponseHeaders = "[]",
                RequestHeaders = full ? "[]" : null,
                HttpStatus = full ? 200 : null,
                ContentType = full ? "text/html" : null,
                Charset = full ? "utf-8" : null,
                RawCompressed = [1, 2, 3],
                RawLength = 3,
                RawSha256 = new string('a', 64),
                CapturedAt = at,
                StoredAt = at,
                FetchDurationMs = full ? 12 : null,
                Source = CaptureSource.Uploaded,
                SubmittedBy = full ? "test" : null,
            };
            var stored = await store.StoreAndCommitAsync(
                new NewCapture(capture, [UrlKey.For(new Uri(url))], url, "nullplans.example", "Null Plans", at),
                (articleId, publisherId) => new ArticleVersion
                {
                    ArticleId = articleId,
                    CaptureId = capture.Id,
                    CapturedAt = at,
                    CreatedAt = at,
                    CanonicalUrl = full ? url : null,
                    Title = full ? $"Story {i}" : null,
                    Byline = full ? "A. Writer" : null,
                    PublishedAt = full ? at : null,
                    PublishedRaw = full ? "today" : null,
                    ModifiedAt = full ? at : null,
                    ModifiedRaw = full ? "today" : null,
                    Language = full ? "en" : null,
                    Description = full ? "A story." : null,
                    PublisherName = full ? "Null Plans" : null,
                    PublisherId = full ? publisherId : null,
                    Text = $"Story number {i}.",
                    Html = $"<p>Story number {i}.</p>",
                    ContentHash = new string('b', 64),
                    PageText = full ? $"Story number {i}." : null,
                    ExtractionConfidence = full ? 0.9 : null,
                    Evidence = new ArticleEvidence([], [], [], []),
                },
                CancellationToken.None);
            Assert.NotNull(stored);
        }

        foreach (var statement in new[] { "INSERT INTO article_versions", "INSERT INTO captures" })
        {
            // Prepared from its second use on, then used for every call: one statement, whatever was null.
            var one = Assert.Single(await PreparedStatements.AllAsync(connection, statement));
            var executions = one.GenericPlans + one.CustomPlans;
            Assert.True(executions >= Uploads - 1, $"{statement}: {executions} executions of one prepared statement");
        }
    }
}
