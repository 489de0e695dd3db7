using Archive.Engine.Decoding;
using Archive.Engine.Extraction;
using Archive.Engine.Lineage;
using Archive.Engine.Text;

namespace Archive.Engine;

/// <summary>
/// The engine's one entry: bytes and a URL in, everything derived from them out. decode → parse → clean → metadata
/// (<see cref="ArticleExtractor"/>) → canonical text → content hash → fingerprint, with the evidence the cleaner kept apart.
/// Ingest, the worker, the CLI and the benches all call this, so nothing downstream canonicalises or fingerprints again.
/// Stateless: one instance serves any number of threads.
/// </summary>
public sealed class PageProcessor(ExtractionLimits? limits = null)
{
    private readonly ArticleExtractor _extractor = new(limits);

    /// <exception cref="PageTooComplexException">The page cannot be processed within the limits.</exception>
    public ProcessedPage Process(ReadOnlySpan<byte> bytes, string? contentType, Uri? url)
    {
        using var page = HtmlDecoder.DecodePooled(bytes, contentType);
        return Process(page, url);
    }

    /// <summary>A page already decoded (a caller that had to look at its size first, say).</summary>
    /// <exception cref="PageTooComplexException">The page cannot be processed within the limits.</exception>
    public ProcessedPage Process(DecodedHtml page, Uri? url)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Finish(page.Decoding, _extractor.Extract(page.Html, url));
    }

    /// <summary>A page decoded into a pooled buffer: the same outputs as <see cref="Process(DecodedHtml, Uri?)"/> over the same
    /// text; the buffer is read only while this runs, and the caller gives it back after.</summary>
    /// <exception cref="PageTooComplexException">The page cannot be processed within the limits.</exception>
    public ProcessedPage Process(PooledHtml page, Uri? url)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Finish(page.Charset, _extractor.Extract(page.Html, url));
    }

    private static ProcessedPage Finish(DecodedCharset decoding, ExtractedArticle article)
    {
        var canonical = CanonicalText.Normalize(article.Text);
        var shingles = Shingles.HashSet(canonical);
        return new ProcessedPage(decoding, article, canonical, ContentHash.OfCanonical(canonical), Fingerprinter.Compute(shingles),
            ArticleEvidence.Of(article), shingles);
    }
}

/// <summary>One page as the engine leaves it.</summary>
/// <param name="Page">The charset the page was decoded from and where it was told (the page's text is not kept).</param>
/// <param name="Article">The article alone, its metadata and warnings.</param>
/// <param name="CanonicalText">The article text in <see cref="Text.CanonicalText"/> form: what is hashed and fingerprinted.</param>
/// <param name="ContentHash">SHA-256 of <paramref name="CanonicalText"/>.</param>
/// <param name="Fingerprint">Lineage's index keys and MinHash signature of <paramref name="CanonicalText"/>.</param>
/// <param name="Evidence">What the cleaner kept apart from the text, for lineage and readers.</param>
/// <param name="Shingles">The shingles of <paramref name="CanonicalText"/> (<see cref="Lineage.Shingles.HashSet"/>) the
/// fingerprint was computed from: lineage compares the page with its candidates on them instead of shingling it again.</param>
public sealed record ProcessedPage(
    DecodedCharset Page,
    ExtractedArticle Article,
    string CanonicalText,
    ContentHash ContentHash,
    Fingerprint Fingerprint,
    ArticleEvidence Evidence,
    HashSet<long> Shingles);

/// <summary>What the cleaner kept apart from the text, stored with each version for the lineage step and for readers.</summary>
public sealed record ArticleEvidence(
    IList<Attribution> Attributions,
    IList<ArticleLink> Links,
    IReadOnlyList<string> IsBasedOn,
    IReadOnlyList<string> Authors,
    string? SiteName = null)
{
    // For EF Core, which cannot pass a collection of complex values to a constructor: it fills the properties instead.
    private ArticleEvidence()
        : this([], [], [], [])
    {
    }

    public static ArticleEvidence Of(ExtractedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var meta = article.Metadata;
        return new ArticleEvidence([.. article.Attributions], [.. article.Links], meta.IsBasedOn, meta.Authors, meta.SiteName);
    }
}
