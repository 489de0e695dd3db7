using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Lineage;

/// <summary>
/// Who published first, probed as a forger would: an upload is its key's claim, a page the archive's worker fetched is an
/// observation, and a claim never outranks an observation of the same kind.
/// </summary>
public sealed class ProvenanceTests(ArchiveApiFactory factory, PageOrigin outlet) : IClassFixture<ArchiveApiFactory>, IClassFixture<PageOrigin>
{
    private static readonly DateTimeOffset RealPublished = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ForgedPublished = RealPublished.AddDays(-1);
    private static readonly Outlet Real = new("Budget Times", "budgettimes.example");
    private static readonly Outlet Forger = new("Forger", "forger.example");
    private readonly HttpClient _admin = factory.CreateClient();

    [Fact]
    public async Task A_forgery_uploaded_after_the_real_page_was_fetched_does_not_become_the_origin()
    {
        var story = new Story(101, "Parliament passes the harbour budget");
        var real = await FetchAsync("/after/budget", Real.Page(story.Title, story.Paragraphs, RealPublished));
        var (forger, keyId) = await KeyAsync("forger-after");

        var forgery = await UploadAsync(forger, "https://forger.example/after/budget", Forger.Page(story.Title, story.Paragraphs, ForgedPublished));

        AssertForgeryIsTheCopy(real, forgery, keyId);
        await AssertAuditShowsTheClaimAsync(Id(forgery), keyId);
    }

    [Fact]
    public async Task A_forgery_uploaded_before_the_real_page_is_fetched_does_not_become_the_origin()
    {
        var story = new Story(102, "Ministry admits grain tender was rigged");
        var (forger, keyId) = await KeyAsync("forger-before");
        var forgery = await UploadAsync(forger, "https://forger.example/before/grain", Forger.Page(story.Title, story.Paragraphs, ForgedPublished));

        var real = await FetchAsync("/before/grain", Real.Page(story.Title, story.Paragraphs, RealPublished));

        AssertForgeryIsTheCopy(real, await GetAsync(Id(real)), keyId, forgeryLineage: (await GetAsync(Id(forgery))).GetProperty("lineage"));
        await AssertAuditShowsTheClaimAsync(Id(forgery), keyId);
    }

    [Fact]
    public async Task An_upload_over_the_fetched_page_does_not_change_what_lineage_believes_of_it()
    {
        var story = new Story(103, "Port authority sells the ferry terminal");
        var real = await FetchAsync("/overwrite/ferry", Real.Page(story.Title, story.Paragraphs, RealPublished));
        var (forger, keyId) = await KeyAsync("forger-overwrite");
        // A newer "capture" of the outlet's own URL that says it was published after the forgery.
        await UploadAsync(forger, real.GetProperty("url").GetString()!, Real.Page(story.Title, story.Paragraphs, ForgedPublished.AddDays(5)));

        var forgery = await UploadAsync(forger, "https://forger.example/overwrite/ferry", Forger.Page(story.Title, story.Paragraphs, ForgedPublished));

        AssertForgeryIsTheCopy(real, forgery, keyId);
    }

    [Fact]
    public async Task A_trusted_keys_upload_counts_as_observed_and_trust_can_be_withdrawn()
    {
        var story = new Story(104, "Regional court halts the copper mine");
        var real = await FetchAsync("/trusted/mine", Real.Page(story.Title, story.Paragraphs, RealPublished));
        var (crawler, keyId) = await KeyAsync("newsroom-crawler");
        var earlier = await UploadAsync(crawler, "https://wire.example/mine",
            new Outlet("Wire", "wire.example").Page(story.Title, story.Paragraphs, RealPublished.AddHours(-3)));
        Assert.Equal(Id(real), Origin(await GetAsync(Id(earlier))));

        var trusted = await (await _admin.PutAsJsonAsync($"/api/keys/{keyId}/trust", new { trusted = true })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.True(trusted.GetProperty("trusted").GetBoolean());
        var realLineage = (await GetAsync(Id(real))).GetProperty("lineage");
        Assert.Equal(Id(earlier), realLineage.GetProperty("origin").GetProperty("articleId").GetGuid());
        Assert.Equal("observed", realLineage.GetProperty("basis").GetString());
        Assert.Contains(realLineage.GetProperty("evidence").EnumerateArray(),
            e => e.GetProperty("type").GetString() == "captured" && e.GetProperty("of").GetString() == "source"
                && e.GetProperty("basis").GetString() == "observed" && e.GetProperty("by").GetString() == $"key:{keyId}");
        var keys = await (await _admin.GetAsync("/api/audit/keys")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(keys.EnumerateArray(), k => k.GetProperty("by").GetString() == $"key:{keyId}" && k.GetProperty("trusted").GetBoolean()
            && k.GetProperty("name").GetString() == "newsroom-crawler" && k.GetProperty("uploads").GetInt32() == 1);

        await (await _admin.PutAsJsonAsync($"/api/keys/{keyId}/trust", new { trusted = false })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(Id(real), Origin(await GetAsync(Id(earlier))));
    }

    [Fact]
    public async Task A_family_of_claims_only_is_decided_by_the_claimed_dates_and_marked_as_claims()
    {
        var story = new Story(105, "Festival organisers cancel the river parade");
        var (uploader, keyId) = await KeyAsync("claims-only");
        var first = await UploadAsync(uploader, "https://first.example/parade", new Outlet("First", "first.example").Page(story.Title, story.Paragraphs, RealPublished));
        var later = await UploadAsync(uploader, "https://later.example/parade",
            new Outlet("Later", "later.example").Page(story.Title, story.Paragraphs, RealPublished.AddHours(4)));

        var lineage = (await GetAsync(Id(later))).GetProperty("lineage");

        Assert.Equal(Id(first), lineage.GetProperty("origin").GetProperty("articleId").GetGuid());
        Assert.Equal("claimed", lineage.GetProperty("basis").GetString());
        Assert.Equal("none", lineage.GetProperty("declaredBy").GetString());
        Assert.Equal("verbatim", lineage.GetProperty("reuse").GetString());
        var published = Assert.Single(lineage.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("type").GetString() == "publishedEarlier");
        Assert.Equal("claimed", published.GetProperty("basis").GetString());
        Assert.Equal($"key:{keyId}", published.GetProperty("by").GetString());
    }

    [Fact]
    public async Task Only_an_admin_changes_a_keys_trust_and_the_request_must_say_which_way()
    {
        var (submitter, keyId) = await KeyAsync("not-admin");

        await (await submitter.PutAsJsonAsync($"/api/keys/{keyId}/trust", new { trusted = true })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await _admin.PutAsJsonAsync($"/api/keys/{keyId}/trust", new { })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _admin.PutAsJsonAsync($"/api/keys/{Guid.NewGuid()}/trust", new { trusted = true })).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    private static void AssertForgeryIsTheCopy(JsonElement real, JsonElement forgery, Guid keyId, JsonElement? forgeryLineage = null)
    {
        var lineage = forgeryLineage ?? forgery.GetProperty("lineage");
        Assert.Equal(Id(real), lineage.GetProperty("origin").GetProperty("articleId").GetGuid());
        Assert.Equal(Id(real), lineage.GetProperty("derivedFrom").GetProperty("articleId").GetGuid());
        Assert.Equal("claimed", lineage.GetProperty("basis").GetString());
        var evidence = lineage.GetProperty("evidence").EnumerateArray().ToList();
        var setAside = Assert.Single(evidence, e => e.GetProperty("type").GetString() == "claimSetAside");
        Assert.Equal($"key:{keyId}", setAside.GetProperty("by").GetString());
        Assert.Contains(evidence, e => e.GetProperty("type").GetString() == "captured" && e.GetProperty("of").GetString() == "source"
            && e.GetProperty("basis").GetString() == "observed");
        Assert.Contains(evidence, e => e.GetProperty("type").GetString() == "captured" && e.GetProperty("of").GetString() == "copy"
            && e.GetProperty("basis").GetString() == "claimed" && e.GetProperty("by").GetString() == $"key:{keyId}");
        Assert.Contains(evidence, e => e.GetProperty("type").GetString() == "firstSeen" && e.GetProperty("by").GetString() == "archive");
    }

    private async Task AssertAuditShowsTheClaimAsync(Guid forgery, Guid keyId)
    {
        var audit = await (await _admin.GetAsync("/api/audit/republications?basis=claimed&pageSize=200")).ReadJsonAsync(HttpStatusCode.OK);
        var row = Assert.Single(audit.GetProperty("items").EnumerateArray(), r => r.GetProperty("republication").GetProperty("articleId").GetGuid() == forgery);
        Assert.Equal("claimed", row.GetProperty("basis").GetString());
        Assert.Contains(row.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("by").GetString() == $"key:{keyId}");
        var csv = await (await _admin.GetAsync("/api/audit/republications?basis=claimed&format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("declared_by,reuse,basis", csv, StringComparison.Ordinal);
        Assert.Contains($"key:{keyId}", csv, StringComparison.Ordinal);
        var keys = await (await _admin.GetAsync("/api/audit/keys")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(keys.EnumerateArray(), k => k.GetProperty("by").GetString() == $"key:{keyId}" && !k.GetProperty("trusted").GetBoolean());
    }

    private async Task<JsonElement> FetchAsync(string path, string html)
    {
        var url = outlet.Serve(path, html);
        var job = await (await _admin.PostJsonAsync("/api/captures", new { url })).ReadJsonAsync(HttpStatusCode.Accepted);
        var status = await _admin.WaitForJobAsync(job.GetProperty("id").GetGuid());
        Assert.Equal("done", status.GetProperty("state").GetString());
        var articleId = status.GetProperty("articleId").GetGuid();
        // The job is done when its capture is stored; its lineage update runs just after.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); await db.PendingLineage.AnyAsync(p => p.ArticleId == articleId);)
        {
            Assert.True(DateTime.UtcNow < deadline, "the fetched page's lineage update did not finish");
            await Task.Delay(50);
        }
        return await GetAsync(articleId);
    }

    private async Task<(HttpClient Client, Guid KeyId)> KeyAsync(string name)
    {
        var key = await (await _admin.PostJsonAsync("/api/keys", new { name, role = "submitter" })).ReadJsonAsync(HttpStatusCode.Created);
        return (factory.CreateClientWithKey(key.GetProperty("secret").GetString()), key.GetProperty("id").GetGuid());
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, string url, string html) =>
        await (await client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created);

    private async Task<JsonElement> GetAsync(Guid id) => await (await _admin.GetAsync($"/api/articles/{id}")).ReadJsonAsync(HttpStatusCode.OK);

    private static Guid Id(JsonElement article) => article.GetProperty("id").GetGuid();

    private static Guid? Origin(JsonElement article) =>
        article.GetProperty("lineage").GetProperty("origin") is { ValueKind: JsonValueKind.Object } origin ? origin.GetProperty("articleId").GetGuid() : null;
}
