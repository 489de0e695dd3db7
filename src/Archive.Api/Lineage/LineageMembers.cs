using System.Text.Json;
using Archive.Data.Entities;
using Archive.Data.Lineage;
using Archive.Engine;
using Archive.Engine.Lineage;

namespace Archive.Api.Lineage;

/// <summary>A member as lineage reads it from the database, with the site its template is learnt from.</summary>
public sealed record StoredMember(LineageMember Member, Guid? PublisherId)
{
    public Guid ArticleId => Member.Id;
}

/// <summary>The version an ingest has just stored, as it holds it in memory (the row as written and what the engine derived):
/// lineage takes its text, page text and evidence from here instead of reading them back.</summary>
public sealed record IngestedVersion(ArticleVersion Version, ProcessedPage Processed)
{
    /// <summary>True when the ingest created the article with this version: no lineage update of it can have written keys
    /// before this one began, unless another version of it was stored meanwhile.</summary>
    public bool NewArticle { get; init; }
}

/// <summary>Builds lineage members from stored versions: text, evidence, what else the page showed, provenance, and the
/// paragraphs the member's site repeats on its other pages.</summary>
public sealed class LineageMembers(LineageEvidenceStore store)
{
    public Task<List<StoredMember>> LoadAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken ct) => LoadAsync(articleIds, null, ct);

    /// <summary>The members. Where lineage reads the <paramref name="ingested"/> version itself, its text, page text and
    /// evidence are those ingest holds (not read back); one whose text is the ingested page's takes its canonical form from
    /// it rather than normalising the text again.</summary>
    public async Task<List<StoredMember>> LoadAsync(IReadOnlyCollection<Guid> articleIds, IngestedVersion? ingested, CancellationToken ct) =>
        [.. (await store.MembersAsync(articleIds, ingested?.Version.Id, ct)).Select(r => new StoredMember(ToMember(r, ingested), r.PublisherId))];

    /// <summary>The members with their <see cref="LineageMember.SiteTemplate"/>, from the site-paragraph index in one query.</summary>
    public async Task<List<LineageMember>> WithSiteTemplatesAsync(IReadOnlyList<StoredMember> members, CancellationToken ct)
    {
        var own = members.ToDictionary(m => m.ArticleId, m => SiteParagraphs.Keys(m.Member.CanonicalText));
        var asked = members.Where(m => m.PublisherId is not null)
            .SelectMany(m => own[m.ArticleId].Select(k => (m.ArticleId, m.PublisherId!.Value, k)))
            .ToList();
        var holders = (await store.HoldersAsync(asked, ct)).ToLookup(h => h.ArticleId);
        return [.. members.Select(m => m.Member with
        {
            SiteTemplate = SiteParagraphs.Template(own[m.ArticleId], holders[m.ArticleId].Select(h => (h.Key, h.Holder))),
        })];
    }

    internal static LineageMember ToMember(LineageMemberRow row, IngestedVersion? ingested = null)
    {
        var held = row.Held
            ? ingested?.Version ?? throw new InvalidOperationException("A member read without its texts needs the version they are held in.")
            : null;
        var text = held?.Text ?? row.Text!;
        var processed = ingested?.Processed;
        var canonical = processed is not null && string.Equals(text, processed.Article.Text, StringComparison.Ordinal)
            ? processed.CanonicalText
            : Engine.Text.CanonicalText.Normalize(text);
        var facts = new VersionFacts(row.PublisherName, row.Byline, row.PublishedAt, row.ModifiedAt, row.CanonicalUrl,
            (held is null ? row.PageText : held.PageText) ?? "",
            held is null ? JsonSerializer.Deserialize<ArticleEvidence>(row.Evidence!, JsonSerializerOptions.Web) : held.Evidence);
        return LineageMember.From(row.ArticleId, row.Url, canonical, facts, ProvenanceOf(row));
    }

    /// <summary>A fetch is the archive's observation; an upload is its key's claim, unless the admin trusts the key.</summary>
    private static Provenance ProvenanceOf(LineageMemberRow row) => new(
        row.Fetched || row.Trusted ? EvidenceBasis.Observed : EvidenceBasis.Claimed,
        row.Fetched ? EvidenceBy.Worker : row.SubmittedBy ?? "unknown",
        row.Trusted,
        row.CapturedAt,
        row.FirstSeen);
}
