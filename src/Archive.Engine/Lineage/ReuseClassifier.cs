using System.Globalization;

namespace Archive.Engine.Lineage;

/// <summary>
/// How a copy reused its source's text, judged on what is really each page's: the copy's paragraphs are sorted into
/// text taken from the source, text its source's page showed outside the article (captions, embedded posts, product
/// boxes the source's cleaner set aside), its own site's template (learnt from its site's other pages), credit lines,
/// and its own writing; the source's paragraphs its site's template holds are not counted as text the copy left out.
/// </summary>
internal static class ReuseClassifier
{
    /// <summary>A paragraph shorter than this is a fragment (a price, a button, a heading), not commentary.</summary>
    private const int MinProseTokens = SiteParagraphs.MinTokens;

    /// <summary>The longest credit line ("This article was first published by … and is republished with permission").</summary>
    private const int MaxCreditTokens = 20;

    public static ReuseVerdict Classify(MemberText source, MemberText copy, PassageDiff diff, PairEvidence evidence)
    {
        // A credit line is set aside; a longer paragraph that names the source too is writing of the copy's own.
        var credits = EvidenceCollector.CreditLines(copy, source)
            .Where(l => l.TokenCount < MinProseTokens
                || (l.TokenCount <= MaxCreditTokens && EvidenceCollector.NamesOutlet(l.Text, null, source.Names, creditLine: true)))
            .ToHashSet();
        int own = 0, ownParagraphs = 0, fromPage = 0, template = 0, credit = 0;
        double kept = 0, keptInside = 0;
        foreach (var p in copy.Paragraphs)
        {
            var carried = source.Carries(p);
            if (carried >= TextParagraph.MostOf)
            {
                kept += p.Shingles.Count;
                keptInside += p.Shingles.Count * carried;
            }
            else if (source.PageShows(p))
            {
                fromPage++;
            }
            else if (copy.Member.SiteTemplate.Contains(p.Key))
            {
                template++;
            }
            else if (credits.Contains(p))
            {
                credit++;
            }
            else if (p.TokenCount >= MinProseTokens)
            {
                own += p.Shingles.Count;
                ownParagraphs++;
            }
        }

        var carriedShares = new List<(double Share, int Tokens)>();
        double core = 0, carriedCore = 0;
        var sourceTemplate = 0;
        var earlier = new HashSet<long>();
        foreach (var q in source.Paragraphs)
        {
            var share = copy.Carries(q);
            if (share < TextParagraph.MostOf && source.Member.SiteTemplate.Contains(q.Key))
            {
                sourceTemplate++;
                continue;
            }
            if (q.TokenCount >= Shingles.Size && FirstCarried(q, copy, earlier) is { } first)
            {
                carriedShares.Add((first, q.TokenCount));
            }
            earlier.UnionWith(q.Shingles);
            core += q.Shingles.Count;
            carriedCore += q.Shingles.Count * share;
        }
        var coverage = core == 0 ? 0 : carriedCore / core;
        var inside = kept == 0 ? 0 : keptInside / kept;
        var figures = new ReuseFigures(coverage, inside, own, ownParagraphs, fromPage, template, credit, sourceTemplate,
            diff.Moved.Count, IsPrefix(carriedShares));
        return new ReuseVerdict(Decide(figures), figures);
    }

    private static LineageReuse Decide(ReuseFigures f)
    {
        var unchanged = f.Inside >= LineageRules.WhollyContained && f.Moved == 0;
        if (f.Coverage >= LineageRules.WhollyContained)
        {
            return !unchanged ? LineageReuse.Edited
                : f.OwnShingles >= LineageRules.MinSharedShingles ? LineageReuse.Commentary
                : LineageReuse.Verbatim;
        }
        return unchanged && f.Prefix ? LineageReuse.Excerpt : LineageReuse.Edited;
    }

    /// <summary>Whether the copy carries the source's first paragraphs and nothing after them: an excerpt's cut. Whether
    /// what it carries is unchanged is asked apart (<see cref="ReuseFigures.Inside"/>); here a paragraph counts as carried
    /// when most of it is, since the source's cleaner may have dropped a linked name the copy kept. The run may start after
    /// one short opening paragraph the copy lacks: a standfirst or kicker the source's page shows above its body, which a
    /// republisher copying the body leaves behind.</summary>
    /// <param name="carriedShares">Per paragraph of the source of at least <see cref="Shingles.Size"/> tokens, in order (a
    /// heading or a table's header row may recur further down, so short paragraphs say nothing about where the cut is):
    /// the share of its new text the copy carries (<see cref="FirstCarried"/>), and its length.</param>
    private static bool IsPrefix(List<(double Share, int Tokens)> carriedShares)
    {
        var first = carriedShares.FindIndex(s => s.Share >= TextParagraph.MostOf);
        var last = carriedShares.FindLastIndex(s => s.Share >= TextParagraph.MostOf);
        if (last < 0 || first > 1 || first == 1 && carriedShares[0].Tokens > MaxStandfirstTokens)
        {
            return false;
        }
        for (var i = first; i < carriedShares.Count; i++)
        {
            var ok = i <= last ? carriedShares[i].Share >= TextParagraph.MostOf : carriedShares[i].Share < TextParagraph.MostOf;
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The longest opening paragraph an excerpt may leave out and still start where the source does.</summary>
    private const int MaxStandfirstTokens = 40;

    /// <summary>The share of a source paragraph's new text the copy carries: shingles an earlier paragraph of the source
    /// already holds are not counted again (a promo headline after the cut that repeats a phrase of the first paragraph
    /// is not carried). Null when the paragraph repeats earlier text only: it says nothing about where the cut is.</summary>
    private static double? FirstCarried(TextParagraph paragraph, MemberText copy, HashSet<long> earlier)
    {
        int fresh = 0, carried = 0;
        foreach (var shingle in paragraph.Shingles)
        {
            if (!earlier.Contains(shingle))
            {
                fresh++;
                carried += copy.All.Contains(shingle) ? 1 : 0;
            }
        }
        return fresh == 0 ? null : (double)carried / fresh;
    }
}

internal sealed record ReuseVerdict(LineageReuse Reuse, ReuseFigures Figures)
{
    public LineageEvidence Evidence() => new(
        EvidenceTypes.Reuse,
        string.Create(CultureInfo.InvariantCulture,
            $"{EnumText.Of(Reuse)}: carries {Figures.Coverage:0.000} of the source{(Figures.Prefix ? " (its first part)" : "")}, {Figures.Moved} paragraphs moved, {Figures.Inside:0.000} of what it took unchanged, {Figures.OwnParagraphs} paragraphs of its own ({Figures.OwnShingles} shingles); set aside: {Figures.FromSourcePage} shown on the source's page, {Figures.Template} of its site's template, {Figures.Credits} credit lines; {Figures.SourceTemplate} paragraphs of the source's site template not counted"));
}

internal sealed record ReuseFigures(
    double Coverage, double Inside, int OwnShingles, int OwnParagraphs, int FromSourcePage, int Template, int Credits,
    int SourceTemplate, int Moved, bool Prefix);
