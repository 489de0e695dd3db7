using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// What an upload sends PostgreSQL: its rows (capture, article, URL keys, version, current pointer, owed lineage, owed log
/// entry; a new article with its pointer, in its first version's statement) in one round trip, after one that takes the URL
/// keys' lock and reads the outlet and the article; its fingerprint keys and site paragraphs one statement each. A row
/// written by a statement of its own (EF Core's change tracker, a per-row insert) makes a round trip of its own, which these
/// count.
/// </summary>
public sealed class UploadStatementsTests(CountingApiFactory factory, ITestOutputHelper output) : IClassFixture<CountingApiFactory>
{
    private static readonly Outlet Courier = new("Valley Courier", "valleycourier.com");
    private static readonly DateTimeOffset Captured = new(2024, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] IngestWrites =
    [
        "INSERT INTO captures", "INSERT INTO articles ", "INSERT INTO article_urls", "INSERT INTO article_versions",
        "INSERT INTO pending_lineage", "INSERT INTO log_pending", "UPDATE articles SET current_version_id",
    ];

    [Fact]
    public async Task An_upload_writes_its_rows_in_one_round_trip_after_one_of_reads()
    {
        var client = factory.CreateClient();
        // Other classes upload in the same process at the same time: this one's requests are told apart by a header.
        var marker = Guid.NewGuid().ToString();
        client.DefaultRequestHeaders.Add(RoundTrips.Header, marker);
        var story = new Story(1611, "Reservoir levels fall after dry summer");
        // The outlet is known (a new one costs a round trip more, its lock and a second read: once per outlet).
        var earlier = new Story(1612, "Library opening hours extended");
        await Upload(client, Courier.Url("library"), Courier.Page(earlier.Title, earlier.Paragraphs, DateTimeOffset.UnixEpoch), Captured);
        using var trips = new RoundTrips(factory.Services.GetRequiredService<IHttpContextAccessor>(), marker);

        await Upload(client, Courier.Url("reservoir"), Courier.Page(story.Title, story.Paragraphs, DateTimeOffset.UnixEpoch),
            Captured);
        var first = trips.Take();
        // The same URL again, a later capture of a changed text: an existing article, its key known, the version made current.
        await Upload(client, Courier.Url("reservoir"), Courier.Page(story.Title, [.. story.Paragraphs.Skip(1)], DateTimeOffset.UnixEpoch),
            Captured.AddDays(1));
        var second = trips.Take();
        output.WriteLine($"round trips per upload request: {first.Count} (new article), {second.Count} (new version)");

        AssertIngest(first, [.. IngestWrites.Where(w => w is not "UPDATE articles SET current_version_id")]);
        AssertIngest(second, [.. IngestWrites.Where(w => w is not ("INSERT INTO articles " or "INSERT INTO article_urls"))]);
        Assert.DoesNotContain("INSERT INTO articles ", second.Single(t => t.Contains("INSERT INTO captures", StringComparison.Ordinal)));
        // A new article is inserted pointing at its first version, in the version's statement (its row written once); only a
        // known article's pointer moves by an update.
        var newArticle = first.Single(t => t.Contains("INSERT INTO captures", StringComparison.Ordinal));
        Assert.DoesNotContain("UPDATE articles", newArticle, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO articles (id, url, publisher_id, created_at, current_version_id)", newArticle,
            StringComparison.Ordinal);
        foreach (var trips1 in new[] { first, second })
        {
            // Lineage's keys: one statement for all of them, not one per key.
            var keys = Assert.Single(trips1, t => t.Contains("INSERT INTO fingerprint_keys", StringComparison.Ordinal));
            Assert.Contains("unnest(", keys, StringComparison.Ordinal);
            Assert.Single(trips1, t => t.Contains("INSERT INTO site_paragraphs", StringComparison.Ordinal));
            // Less the keys the article holds, read once: ON CONFLICT probed the primary key for each of ~140 rows first.
            Assert.DoesNotContain("ON CONFLICT", keys, StringComparison.Ordinal);
        }
        // A new article holds no keys or paragraphs yet: they are only inserted, with no delete and no read of what it holds
        // (those found nothing, ~0.2 ms of PostgreSQL's CPU an upload). A new version replaces the article's keys.
        var firstKeys = Assert.Single(first, t => t.Contains("INSERT INTO fingerprint_keys", StringComparison.Ordinal));
        Assert.DoesNotContain("DELETE FROM", firstKeys, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT IN", firstKeys, StringComparison.Ordinal);
        var replaced = Assert.Single(second, t => t.Contains("INSERT INTO fingerprint_keys", StringComparison.Ordinal));
        Assert.Contains("DELETE FROM fingerprint_keys", replaced, StringComparison.Ordinal);
        Assert.Contains("DELETE FROM site_paragraphs", replaced, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_in_no_family_commits_with_its_writes_and_reads_nothing_for_its_answer()
    {
        var client = factory.CreateClient();
        var marker = Guid.NewGuid().ToString();
        client.DefaultRequestHeaders.Add(RoundTrips.Header, marker);
        var story = new Story(1613, "Ferry timetable changes for winter");
        using var trips = new RoundTrips(factory.Services.GetRequiredService<IHttpContextAccessor>(), marker);

        var response = await client.PostJsonAsync("/api/captures",
            new { url = Courier.Url("ferry"), html = Courier.Page(story.Title, story.Paragraphs, DateTimeOffset.UnixEpoch), capturedAt = Captured });
        var article = await response.ReadJsonAsync(HttpStatusCode.Created);
        var taken = trips.Take();
        output.WriteLine($"round trips of an upload in no family: {taken.Count}");
        foreach (var trip in taken)
        {
            output.WriteLine("--- " + trip.ReplaceLineEndings(" ")[..Math.Min(trip.Length, 200)]);
        }

        // The commit travels with the writes (it was a round trip of its own; Npgsql does not trace that one).
        var write = Assert.Single(taken, t => t.Contains("INSERT INTO captures", StringComparison.Ordinal));
        Assert.EndsWith("COMMIT", write.TrimEnd(), StringComparison.Ordinal);
        Assert.Single(taken.Take(taken.IndexOf(write)), t => t.StartsWith("BEGIN", StringComparison.Ordinal));
        // Lineage's check found no family: the answer is built from what the upload stored and its log pass told, with no
        // read after lineage's (article row, log index, family), and the pass told the other processes at its commit.
        Assert.DoesNotContain(taken, t => t.Contains("FROM log_entries", StringComparison.Ordinal) || t.Contains("FROM members m", StringComparison.Ordinal));
        Assert.DoesNotContain(taken, t => t.Contains("pg_notify", StringComparison.Ordinal));
        // Keys batch and check are the last round trips.
        Assert.Contains("INSERT INTO fingerprint_keys", taken[^2], StringComparison.Ordinal);
        Assert.Contains("pg_advisory_xact_lock_shared", taken[^1], StringComparison.Ordinal);
        // And the answer still says what was stored and where it is logged.
        Assert.Equal(1, article.GetProperty("versionCount").GetInt32());
        Assert.Equal(JsonValueKind.Number, article.GetProperty("log").ValueKind);
        Assert.Equal(Courier.Name, article.GetProperty("publisher").GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_answer_that_joins_a_family_reads_its_article_log_index_and_lineage_in_one_round_trip()
    {
        var client = factory.CreateClient();
        var marker = Guid.NewGuid().ToString();
        client.DefaultRequestHeaders.Add(RoundTrips.Header, marker);
        var story = new Story(1614, "Harbour crane contract signed");
        await Upload(client, Courier.Url("crane"), Courier.Page(story.Title, story.Paragraphs, DateTimeOffset.UnixEpoch), Captured);
        using var trips = new RoundTrips(factory.Services.GetRequiredService<IHttpContextAccessor>(), marker);

        var response = await client.PostJsonAsync("/api/captures",
            new { url = "https://www.coastlinepost.net/news/crane", html = new Outlet("Coastline Post", "coastlinepost.net").Page(story.Title,
                story.Paragraphs, DateTimeOffset.UnixEpoch.AddHours(4)) });
        var article = await response.ReadJsonAsync(HttpStatusCode.Created);
        var taken = trips.Take();

        // The answer's reads come after lineage; they were three round trips (article, log index, family).
        var reads = taken.Where(t => t.Contains("FROM log_entries", StringComparison.Ordinal) || t.Contains("FROM members m", StringComparison.Ordinal))
            .ToList();
        var answer = Assert.Single(reads);
        Assert.Contains("FROM log_entries", answer, StringComparison.Ordinal);
        Assert.Contains("FROM members m", answer, StringComparison.Ordinal);
        Assert.Contains("FROM articles a LEFT JOIN publishers p", answer, StringComparison.Ordinal);
        Assert.Equal("verbatim", article.GetProperty("lineage").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Number, article.GetProperty("log").ValueKind);
    }

    private void AssertIngest(List<string> trips, IReadOnlyList<string> writes)
    {
        foreach (var trip in trips)
        {
            output.WriteLine("--- " + trip.ReplaceLineEndings(" ")[..Math.Min(trip.Length, 300)]);
        }
        var write = trips.FindIndex(t => t.Contains("INSERT INTO captures", StringComparison.Ordinal));
        Assert.True(write > 0, "The capture is written after a round trip of reads.");
        foreach (var statement in writes)
        {
            Assert.Contains(statement, trips[write], StringComparison.Ordinal);
        }
        // Every ingest table is written by that round trip alone.
        for (var i = 0; i < trips.Count; i++)
        {
            if (i != write)
            {
                Assert.DoesNotContain(IngestWrites.Where(w => w != "INSERT INTO log_pending"), w => trips[i].Contains(w, StringComparison.Ordinal));
            }
        }
        // The reads before it: the URL keys' lock, the outlet and the article, one round trip.
        var reads = trips[write - 1];
        Assert.Contains("pg_advisory_xact_lock", reads, StringComparison.Ordinal);
        Assert.Contains("FROM publisher_domains", reads, StringComparison.Ordinal);
        Assert.Contains("FROM article_urls", reads, StringComparison.Ordinal);
        Assert.Equal(1, trips.Count(t => t.Contains("FROM publisher_domains", StringComparison.Ordinal)));
    }

    private static async Task Upload(HttpClient client, string url, string html, DateTimeOffset capturedAt)
    {
        var response = await client.PostJsonAsync("/api/captures", new { url, html, capturedAt });
        await response.ReadJsonAsync(HttpStatusCode.Created);
    }
}
