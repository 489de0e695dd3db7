using AngleSharp.Dom;
using Archive.Engine.Extraction.Cleaning;

namespace Archive.Engine.Extraction.Content;

/// <summary>
/// Stage "pick": finds the element holding the story. Every paragraph votes for its container and, less, for the
/// containers above (text length and commas, as in Readability); markup that names the story body adds weight;
/// link-heavy containers lose it. The winner then grows to take in siblings and ancestors that hold prose it lacks,
/// because many templates split one story across several wrappers (lead, body, continuation after an ad).
/// </summary>
internal static class ContentPicker
{
    public static PickedContent Pick(IElement body, DocumentStatistics stats)
    {
        var candidates = new List<IElement>();
        foreach (var (element, nodeStats) in stats.All)
        {
            if (nodeStats.InlineText < DocumentStatistics.MinParagraphChars || !HtmlTags.IsBlock(element.LocalName))
            {
                continue;
            }
            var vote = 1.0 + nodeStats.InlineCommas + Math.Min(nodeStats.InlineText / 100.0, 3.0);
            vote *= 1.0 - (double)nodeStats.InlineLinkText / nodeStats.InlineText;
            var container = HtmlTags.IsParagraph(element.LocalName) ? element.ParentElement : element;
            for (var level = 0; container is not null && level < 4; level++, container = container.ParentElement)
            {
                // Above the counted subtree (the <html> over <body>) there is nothing to score: the table's answer there
                // is a shared empty entry, which scoring would change for every page and thread after.
                if (!stats.TryGet(container, out var containerStats))
                {
                    break;
                }
                if (!containerStats.Scored)
                {
                    containerStats.Scored = true;
                    containerStats.Score = InitialScore(container);
                    candidates.Add(container);
                }
                containerStats.Score += level switch { 0 => vote, 1 => vote / 2, _ => vote / (level * 3) };
            }
        }
        if (candidates.Count == 0)
        {
            return new PickedContent([body], stats);
        }
        IElement best = body;
        var bestScore = double.MinValue;
        foreach (var candidate in candidates)
        {
            var candidateStats = stats[candidate];
            var score = candidateStats.Score * (1 - candidateStats.LinkDensity);
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }
        best = Grow(best, stats, body);
        return new PickedContent(WithSiblings(best, stats), stats);
    }

    private static double InitialScore(IElement element)
    {
        var score = element.LocalName switch
        {
            "article" => 10,
            "main" or "section" => 3,
            "div" => 5,
            "pre" or "td" or "blockquote" => 3,
            "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" or "address" => -3,
            "th" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => -5,
            _ => 0,
        };
        var itemprop = element.Attribute("itemprop");
        if (itemprop is not null && itemprop.Contains("articleBody", StringComparison.OrdinalIgnoreCase))
        {
            score += 30;
        }
        var hints = BoilerplateHints.Hints(BoilerplateHints.ClassAndId(element));
        if (hints.HasFlag(NameHints.ArticleBody))
        {
            score += 30;
        }
        else if (hints.HasFlag(NameHints.Positive))
        {
            score += 15;
        }
        if ((hints & (NameHints.StrongNegative | NameHints.WeakNegative)) != 0)
        {
            score -= 25;
        }
        return score;
    }

    private const int GrowLevels = 6;
    private const double GrowGain = 1.3;

    // Templates split one story across chunks between figures and ads, so the winner may hold only part of it. Look a few
    // levels up (through plain wrappers) for an ancestor holding clearly more prose, and take it if it is not link-heavy.
    private static IElement Grow(IElement best, DocumentStatistics stats, IElement body)
    {
        var current = best;
        var probe = best;
        for (var level = 0; level < GrowLevels && probe.ParentElement is { } parent && parent != body && parent.LocalName != "html"; level++)
        {
            probe = parent;
            var probeStats = stats[probe];
            if (probeStats.LinkDensity > 0.4)
            {
                break;
            }
            if (probeStats.Prose >= stats[current].Prose * GrowGain)
            {
                current = probe;
                level = 0;
            }
        }
        return current;
    }

    // Readability's sibling rule: paragraphs and prose-rich siblings next to the winner belong to the story too.
    private static List<IElement> WithSiblings(IElement best, DocumentStatistics stats)
    {
        var parent = best.ParentElement;
        if (parent is null || parent.LocalName is "html")
        {
            return [best];
        }
        var bestStats = stats[best];
        var threshold = Math.Max(10, bestStats.Score * 0.2);
        var result = new List<IElement>();
        foreach (var sibling in parent.ElementChildren())
        {
            if (sibling == best)
            {
                result.Add(sibling);
                continue;
            }
            var siblingStats = stats[sibling];
            var keep = siblingStats.Scored && siblingStats.Score * (1 - siblingStats.LinkDensity) >= threshold;
            if (!keep && sibling.LocalName == "p")
            {
                var density = siblingStats.LinkDensity;
                keep = (siblingStats.Text > 80 && density < 0.25)
                    || (siblingStats.Text > 0 && density == 0 && siblingStats.InlineCommas > 0);
            }
            if (keep)
            {
                result.Add(sibling);
            }
        }
        return result;
    }
}

/// <summary>The story's top-level elements in document order, with the statistics they were chosen by.</summary>
internal sealed record PickedContent(IReadOnlyList<IElement> Roots, DocumentStatistics Statistics);
