using System.Globalization;
using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

/// <summary>Who published first when some pages are claims (uploads by untrusted keys) and some observations.</summary>
public sealed class ProvenanceOrderTests
{
    private static readonly string Story = Stories.Article(seed: 61);

    private static readonly LineageMember Outlet = Stories.Member("https://news.example.com/budget", Story, "2024-05-01T10:00:00Z",
        siteName: "Example News") with { Provenance = Fetched("2024-05-01T12:00:00Z") };

    private static readonly LineageMember Forgery = Stories.Member("https://forger.example/budget", Story, "2024-04-30T08:00:00Z",
        siteName: "Forger") with { Provenance = Uploaded("key:forger", "2024-05-01T11:00:00Z") };

    [Fact]
    public void An_uploaded_page_claiming_an_earlier_date_does_not_outrank_the_fetched_outlet()
    {
        var link = Assert.Single(LineageResolver.Resolve([Forgery, Outlet]));

        Assert.Equal(Forgery.Id, link.RepublicationId);
        Assert.Equal(Outlet.Id, link.OriginId);
        Assert.Equal(EvidenceBasis.Claimed, link.Basis);
        var setAside = Assert.Single(link.Evidence, e => e.Type == EvidenceTypes.ClaimSetAside);
        Assert.Equal("key:forger", setAside.By);
        Assert.Contains(link.Evidence, e => e is { Type: EvidenceTypes.PublishedLater, Basis: EvidenceBasis.Claimed, By: "key:forger" });
        Assert.Contains(link.Evidence, e => e is { Type: EvidenceTypes.FirstSeen, Of: EvidenceSides.Copy, Basis: EvidenceBasis.Observed, By: EvidenceBy.Archive });
        Assert.Contains(link.Evidence, e => e is { Type: EvidenceTypes.Captured, Of: EvidenceSides.Source, Basis: EvidenceBasis.Observed, By: null });
    }

    [Fact]
    public void A_claim_the_archive_received_before_the_observed_page_says_it_was_published_comes_first()
    {
        // The archive had the uploaded text at 09:00, before the outlet's own 10:00: the outlet cannot be first.
        var early = Forgery with { Provenance = Uploaded("key:forger", "2024-05-01T09:00:00Z") };

        var link = Assert.Single(LineageResolver.Resolve([Outlet, early]));

        Assert.Equal(early.Id, link.OriginId);
    }

    [Fact]
    public void An_undated_fetched_page_is_not_outranked_by_a_claim_the_archive_received_after_it()
    {
        // The outlet's page gives no date; the archive's own fetch at 12:00 is when the text is known to have existed,
        // and the forgery claiming the day before arrived at 13:00.
        var undated = Outlet with { PublishedAt = null };
        var late = Forgery with { Provenance = Uploaded("key:forger", "2024-05-01T13:00:00Z") };

        var link = Assert.Single(LineageResolver.Resolve([late, undated]));

        Assert.Equal(undated.Id, link.OriginId);
        Assert.Equal(late.Id, link.RepublicationId);
        Assert.Contains(link.Evidence, e => e is { Type: EvidenceTypes.ClaimSetAside, By: "key:forger" });
    }

    [Fact]
    public void An_undated_fetched_page_fetched_after_the_claim_arrived_lets_the_claim_stand_first()
    {
        var undated = Outlet with { PublishedAt = null, Provenance = Fetched("2024-05-01T13:00:00Z") };

        var link = Assert.Single(LineageResolver.Resolve([Forgery, undated]));

        Assert.Equal(Forgery.Id, link.OriginId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Markup_of_an_accomplices_upload_naming_the_forgery_does_not_make_it_the_origin(bool outletDated)
    {
        // A second upload declares the forgery as its source (canonical and isBasedOn): among claims the forgery is then
        // pointed at, which places an undated page first; it still cannot pass the fetched outlet.
        var outlet = outletDated ? Outlet : Outlet with { PublishedAt = null };
        var forgery = Forgery with { PublishedAt = null, Provenance = Uploaded("key:forger", "2024-05-01T13:00:00Z") };
        var accomplice = Stories.Member("https://accomplice.example/budget", Story, "2024-04-29T08:00:00Z", siteName: "Accomplice",
            canonicalUrl: forgery.Url, isBasedOn: [forgery.Url]) with { Provenance = Uploaded("key:forger", "2024-05-01T13:30:00Z") };

        var links = LineageResolver.Resolve([accomplice, forgery, outlet]);

        Assert.All(links, l => Assert.Equal(outlet.Id, l.OriginId));
        Assert.Equal(forgery.Id, links.Single(l => l.RepublicationId == accomplice.Id).DerivedFromId);
        Assert.Equal(outlet.Id, links.Single(l => l.RepublicationId == forgery.Id).DerivedFromId);
    }

    [Fact]
    public void A_trusted_keys_upload_counts_as_observed()
    {
        var crawler = Forgery with { Provenance = Uploaded("key:crawler", "2024-05-01T11:00:00Z", trusted: true) };

        var link = Assert.Single(LineageResolver.Resolve([Outlet, crawler]));

        Assert.Equal(crawler.Id, link.OriginId);
        Assert.Equal(EvidenceBasis.Observed, link.Basis);
        Assert.DoesNotContain(link.Evidence, e => e.Type == EvidenceTypes.ClaimSetAside);
        Assert.Contains(link.Evidence, e => e is { Type: EvidenceTypes.Captured, Of: EvidenceSides.Source, Basis: EvidenceBasis.Observed, By: "key:crawler" });
    }

    [Fact]
    public void A_family_of_claims_only_is_decided_by_its_claimed_dates_and_marked_as_claims()
    {
        var outletUpload = Outlet with { Provenance = Uploaded("key:someone", "2024-05-02T00:00:00Z") };

        var link = Assert.Single(LineageResolver.Resolve([outletUpload, Forgery]));

        Assert.Equal(Forgery.Id, link.OriginId);
        Assert.Equal(EvidenceBasis.Claimed, link.Basis);
        Assert.All(link.Evidence.Where(e => e.Type is EvidenceTypes.Captured), e => Assert.Equal(EvidenceBasis.Claimed, e.Basis));
    }

    [Fact]
    public void Claims_keep_their_own_order_among_themselves_around_an_observation()
    {
        var third = Stories.Member("https://third.example.org/budget", Story, "2024-05-02T10:00:00Z")
            with { Provenance = Uploaded("key:other", "2024-05-03T00:00:00Z") };
        LineageMember[] members = [Outlet, Forgery, third];

        var links = LineageResolver.Resolve(members);

        Assert.All(links, l => Assert.Equal(Outlet.Id, l.OriginId));
        Assert.Equal(Describe(links), Describe(LineageResolver.Resolve([third, Forgery, Outlet])));
    }

    private static Provenance Fetched(string firstSeen) =>
        new(EvidenceBasis.Observed, EvidenceBy.Worker, CapturedAt: At(firstSeen), FirstSeen: At(firstSeen));

    private static Provenance Uploaded(string key, string firstSeen, bool trusted = false) =>
        new(trusted ? EvidenceBasis.Observed : EvidenceBasis.Claimed, key, trusted, At("2024-04-30T09:00:00Z"), At(firstSeen));

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture);

    private static List<string> Describe(IReadOnlyList<LineageLink> links) =>
        [.. links.Select(l => $"{l.RepublicationId} <- {l.DerivedFromId} ({l.OriginId})").Order(StringComparer.Ordinal)];
}
