using System.Text;
using System.Text.Json;
using Archive.Api.Ingestion;
using Archive.Api.Lineage;
using Archive.Api.Tests.Infrastructure;
using Archive.Data.Entities;
using Archive.Data.Lineage;
using Archive.Engine.Lineage;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Lineage;

/// <summary>
/// Lineage's member read of the version an ingest has just stored brings back no text, page text or evidence: ingest holds
/// them. The member it makes is the one a full read makes, for a page whose texts hold non-ASCII letters, escapes and an
/// attribution; and which version lineage reads is still decided by the read (an observation outranks a newer claim).
/// </summary>
public sealed class HeldMemberReadTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly Outlet Herald = new("Fjord Herald", "fjordherald.example");
    private static readonly DateTimeOffset Published = new(2024, 3, 4, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_ingested_version_is_read_without_its_texts_and_makes_the_same_member()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var story = new Story(1711, "Ferje «Nordlys» får ny rute");
        var page = Page(Herald.Url("ferje-nordlys"), Herald.Page(story.Title,
            [.. story.Paragraphs.Take(3), "Ærøskøbing, Tromsø og 東京: \"sitat\" \\ back\\slash, tab\tand emoji 🚢 — «ferdig».",
             .. story.Paragraphs.Skip(3)],
            Published, after: """<p>Source: <a href="https://www.nordlys.example/ferje">Nordlys Avis</a></p>"""), CaptureSource.Uploaded,
            Published.AddHours(1));

        var ingested = await IngestAsync(services, page);
        var store = services.GetRequiredService<LineageEvidenceStore>();
        var held = Assert.Single(await store.MembersAsync([ingested.Version.ArticleId], ingested.Version.Id, default));
        var full = Assert.Single(await store.MembersAsync([ingested.Version.ArticleId], default));

        Assert.True(held.Held);
        Assert.Equal(ingested.Version.Id, held.VersionId);
        Assert.Null(held.Text);
        Assert.Null(held.PageText);
        Assert.Null(held.Evidence);
        Assert.False(full.Held);
        Assert.Equal(ingested.Version.Id, full.VersionId);
        Assert.Equal(ingested.Version.Text, full.Text);
        Assert.Contains("🚢", full.Text, StringComparison.Ordinal);
        Assert.Equal(held with { Held = false, Text = full.Text, PageText = full.PageText, Evidence = full.Evidence }, full);

        var members = services.GetRequiredService<LineageMembers>();
        var fromIngest = Assert.Single(await members.LoadAsync([ingested.Version.ArticleId], ingested, default)).Member;
        var readBack = Assert.Single(await members.LoadAsync([ingested.Version.ArticleId], default)).Member;
        Assert.Same(ingested.Processed.CanonicalText, fromIngest.CanonicalText);
        Assert.NotEmpty(readBack.Attributions);
        Assert.Equal(Json(readBack), Json(fromIngest));
    }

    [Fact]
    public async Task An_observed_version_outranks_the_held_claim_and_comes_with_its_texts()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var url = Herald.Url("kai-stengt");
        var observed = new Story(1712, "Kaia stengt for vedlikehold");
        var claimed = new Story(1713, "Kaia stengt for godt");
        var fetched = await IngestAsync(services,
            Page(url, Herald.Page(observed.Title, observed.Paragraphs, Published), CaptureSource.Fetched, Published.AddHours(1)));
        // A newer upload of the same URL by an untrusted key: a claim, which does not outrank the fetch.
        var uploaded = await IngestAsync(services,
            Page(url, Herald.Page(claimed.Title, claimed.Paragraphs, Published), CaptureSource.Uploaded, Published.AddHours(2)));
        Assert.Equal(fetched.Version.ArticleId, uploaded.Version.ArticleId);

        var row = Assert.Single(await services.GetRequiredService<LineageEvidenceStore>()
            .MembersAsync([uploaded.Version.ArticleId], uploaded.Version.Id, default));
        var member = Assert.Single(await services.GetRequiredService<LineageMembers>()
            .LoadAsync([uploaded.Version.ArticleId], uploaded, default)).Member;

        Assert.False(row.Held);
        Assert.Equal(fetched.Version.Id, row.VersionId);
        Assert.Equal(fetched.Version.Text, row.Text);
        Assert.Equal(fetched.Processed.CanonicalText, member.CanonicalText);
    }

    private static RawPage Page(string url, string html, CaptureSource source, DateTimeOffset capturedAt) => new()
    {
        RequestedUrl = new Uri(url),
        FinalUrl = new Uri(url),
        ContentType = "text/html; charset=utf-8",
        Body = Encoding.UTF8.GetBytes(html),
        CapturedAt = capturedAt,
        Source = source,
        SubmittedBy = source == CaptureSource.Uploaded ? "key:" + Guid.NewGuid() : null,
    };

    /// <summary>The version as ingest stored and holds it, and what the engine derived from the page (the same page gives
    /// the same derivation).</summary>
    private static async Task<IngestedVersion> IngestAsync(IServiceProvider services, RawPage page)
    {
        var result = await services.GetRequiredService<CaptureIngestor>().IngestAsync(page, default);
        return new IngestedVersion(result.Version, await services.GetRequiredService<ExtractionRunner>().ProcessAsync(page, guarded: false));
    }

    private static string Json(LineageMember member) => JsonSerializer.Serialize(member with { SiteTemplate = new HashSet<long>() });
}
