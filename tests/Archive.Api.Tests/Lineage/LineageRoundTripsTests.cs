using System.Net;
using Archive.Api.Tests.Captures;
using Archive.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Archive.Api.Tests.Lineage;

/// <summary>
/// What lineage sends PostgreSQL for the common upload, a story seen nowhere else: under load every round trip waits for the
/// service and a backend to be scheduled, so the count is what an upload's lineage wall time grows with.
/// </summary>
public sealed class LineageRoundTripsTests(CountingApiFactory factory, ITestOutputHelper output) : IClassFixture<CountingApiFactory>
{
    private static readonly Outlet Gazette = new("Upland Gazette", "uplandgazette.com");

    [Fact]
    public async Task A_story_seen_nowhere_else_costs_lineage_three_round_trips()
    {
        var client = factory.CreateClient();
        var marker = Guid.NewGuid().ToString();
        client.DefaultRequestHeaders.Add(RoundTrips.Header, marker);
        // The outlet is known first, so the upload is the common one.
        var earlier = new Story(1711, "Ferry timetable changes for winter");
        await Upload(client, Gazette.Url("ferry"), Gazette.Page(earlier.Title, earlier.Paragraphs, DateTimeOffset.UnixEpoch));
        using var trips = new RoundTrips(factory.Services.GetRequiredService<IHttpContextAccessor>(), marker);

        var story = new Story(1712, "Upland dairy cooperative votes to merge");
        await Upload(client, Gazette.Url("dairy"), Gazette.Page(story.Title, story.Paragraphs, DateTimeOffset.UnixEpoch));
        var all = trips.Take();
        foreach (var trip in all)
        {
            output.WriteLine("--- " + trip.ReplaceLineEndings(" ")[..Math.Min(trip.Length, 200)]);
        }

        // The member read, then its fingerprint keys and site paragraphs in one batch, then the check that also settles the
        // owed update: no other round trip between (a separate settle, or a cache notice for links that did not change).
        var member = all.FindIndex(t => t.Contains("CROSS JOIN LATERAL", StringComparison.Ordinal) && t.Contains("first_seen", StringComparison.Ordinal));
        var indexes = all.FindIndex(t => t.Contains("INSERT INTO fingerprint_keys", StringComparison.Ordinal));
        var settled = all.FindIndex(t => t.Contains("DELETE FROM pending_lineage", StringComparison.Ordinal));
        Assert.True(member >= 0 && indexes == member + 1, "The keys are written right after the member is read.");
        Assert.Contains("INSERT INTO site_paragraphs", all[indexes], StringComparison.Ordinal);
        Assert.Equal(indexes + 1, settled);
        Assert.Contains("FROM story_pairs", all[settled], StringComparison.Ordinal);
        Assert.Single(all, t => t.Contains("DELETE FROM pending_lineage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_whose_only_candidate_is_on_its_own_host_is_settled_by_the_check()
    {
        var client = factory.CreateClient();
        var marker = Guid.NewGuid().ToString();
        client.DefaultRequestHeaders.Add(RoundTrips.Header, marker);
        // The same story at a second address of the same site: a candidate (all its keys shared) that is never a pair.
        var story = new Story(1713, "Harbour dredging resumes after storm delays");
        await Upload(client, Gazette.Url("harbour"), Gazette.Page(story.Title, story.Paragraphs, DateTimeOffset.UnixEpoch));
        using var trips = new RoundTrips(factory.Services.GetRequiredService<IHttpContextAccessor>(), marker);

        await Upload(client, Gazette.Url("harbour-dredging"), Gazette.Page(story.Title, story.Paragraphs, DateTimeOffset.UnixEpoch));
        var all = trips.Take();

        // No family update: no exclusive family lock, no family read, the owed update settled by the check.
        Assert.DoesNotContain(all, t => t.Contains("pg_advisory_xact_lock(k)", StringComparison.Ordinal));
        Assert.DoesNotContain(all, t => t.Contains("WITH RECURSIVE", StringComparison.Ordinal));
        Assert.Single(all, t => t.Contains("DELETE FROM pending_lineage", StringComparison.Ordinal) && t.Contains("FROM story_pairs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_quoting_another_sites_story_is_settled_by_the_check_without_the_family_update()
    {
        var client = factory.CreateClient();
        var marker = Guid.NewGuid().ToString();
        client.DefaultRequestHeaders.Add(RoundTrips.Header, marker);
        var quoted = new Story(1714, "Reservoir levels fall to a ten-year low");
        await Upload(client, Gazette.Url("reservoir"), Gazette.Page(quoted.Title, quoted.Paragraphs, DateTimeOffset.UnixEpoch));
        using var trips = new RoundTrips(factory.Services.GetRequiredService<IHttpContextAccessor>(), marker);

        // Another site's own story quoting one paragraph of it: a candidate (the passage's sampled keys), not the same story.
        var story = new Story(1715, "Farmers ask for drought relief");
        var courier = new Outlet("Valley Courier", "valleycourier.com");
        await Upload(client, courier.Url("drought-relief"), courier.Page(story.Title, [.. story.Paragraphs, quoted.Paragraphs[2]], DateTimeOffset.UnixEpoch));
        var all = trips.Take();

        // The candidate is decided on the texts, the check runs again less it and settles: no family lock, no family read.
        Assert.Equal(2, all.Count(t => t.Contains("DELETE FROM pending_lineage", StringComparison.Ordinal) && t.Contains("FROM story_pairs", StringComparison.Ordinal)));
        Assert.DoesNotContain(all, t => t.Contains("pg_advisory_xact_lock(k)", StringComparison.Ordinal));
        Assert.DoesNotContain(all, t => t.Contains("WITH RECURSIVE", StringComparison.Ordinal));
    }

    private static async Task Upload(HttpClient client, string url, string html)
    {
        var response = await client.PostJsonAsync("/api/captures", new { url, html, capturedAt = new DateTimeOffset(2024, 6, 1, 9, 0, 0, TimeSpan.Zero) });
        await response.ReadJsonAsync(HttpStatusCode.Created);
    }
}
