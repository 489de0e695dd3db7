namespace Archive.Engine.Lineage;

/// <summary>
/// When two texts carry the same story. The smaller text must be mostly inside the larger: that accepts verbatim
/// copies, excerpts (the excerpt is inside the original) and copies with commentary (the original is inside the copy),
/// and rejects an article that quotes one paragraph of another (the paragraph is a small share of both), independent
/// reports sharing a few quotes, and pages sharing only site boilerplate. A minimum absolute overlap keeps two tiny
/// texts that share one sentence from counting.
/// </summary>
public static class LineageRules
{
    /// <summary>Share of the smaller text's shingles that must appear in the larger one. An edited rewrite with
    /// replaced words and dropped sentences keeps well above this; a quoted paragraph is under 10% of an article.</summary>
    public const double MinSmallerContainment = 0.5;

    /// <summary>Shared 5-word shingles: about 20 words of running text in common.</summary>
    public const int MinSharedShingles = 15;

    /// <summary>Similarity at or above which a copy counts as unchanged text.</summary>
    public const double VerbatimSimilarity = 0.9;

    /// <summary>Containment at or above which one text is wholly inside the other.</summary>
    public const double WhollyContained = 0.9;

    /// <summary>When choosing a source without the copy's own pointer, a later candidate must explain more of the
    /// copy than an earlier one by at least a relation's worth of text (<see cref="MinSharedShingles"/>) and this share
    /// of the copy: smaller differences are extraction noise (a heading one page's cleaner kept and another's lost),
    /// not evidence of an intermediate copy.</summary>
    public const double SharedShinglesToleranceShare = 0.05;

    /// <summary>
    /// Whether two members carry the same story as different publications. Pages of one host are never linked: the
    /// text they share is most often the site's template (a cleaner that missed a sidebar leaves the same words in
    /// every page of the site), and a site re-posting its own article is a question of URL identity, not syndication.
    /// Hosts are compared without <c>www.</c>, not by registrable domain, so two blogs on one platform stay distinct.
    /// </summary>
    public static bool IsSameStory(LineageMember a, LineageMember b, TextComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return !SameHost(a, b) && IsSameStory(comparison);
    }

    /// <summary>Two pages of one host are never one story's origin and copy: a site repeating itself is not syndication.</summary>
    public static bool SameHost(LineageMember a, LineageMember b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(a.Host, b.Host, StringComparison.Ordinal);
    }

    public static bool IsSameStory(TextComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison.SharedShingles >= MinSharedShingles && comparison.SmallerContainment >= MinSmallerContainment;
    }
}
