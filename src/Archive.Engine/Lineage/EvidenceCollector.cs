using System.Globalization;
using System.Text.RegularExpressions;

namespace Archive.Engine.Lineage;

/// <summary>What a candidate copy C itself says about a candidate source S: markup, attribution lines, links, wire
/// credits and publish times. Only what C added counts: a link or attribution line C carries because S carries it
/// too was copied along with the text and points past S.</summary>
public static partial class EvidenceCollector
{
    /// <summary>Paragraphs at either end of the text this short may be attribution lines the cleaner left in.</summary>
    private const int EdgeParagraphMaxTokens = 40;
    private const int EdgeParagraphCount = 2;

    public static PairEvidence Collect(LineageMember copy, LineageMember source)
    {
        ArgumentNullException.ThrowIfNull(copy);
        ArgumentNullException.ThrowIfNull(source);
        var items = new List<LineageEvidence>();
        var strength = 0;
        var sameSite = copy.RegistrableDomain == source.RegistrableDomain;
        var sourceUrls = new HashSet<string>(StringComparer.Ordinal) { Outlets.UrlKey(source.Url) };
        // The source's own canonical counts only when it stays on its site: a copy's canonical points at its origin,
        // which must not make the origin look like a pointer to the copy.
        if (!string.IsNullOrEmpty(source.CanonicalUrl)
            && Outlets.RegistrableDomain(Outlets.Host(source.CanonicalUrl)) == source.RegistrableDomain)
        {
            sourceUrls.Add(Outlets.UrlKey(source.CanonicalUrl));
        }
        sourceUrls.Remove("");

        void Add(string type, string detail, int weight)
        {
            items.Add(new LineageEvidence(type, detail));
            strength = Math.Max(strength, weight);
        }

        if (!sameSite && copy.CanonicalUrl is { } canonical && sourceUrls.Contains(Outlets.UrlKey(canonical)))
        {
            Add(EvidenceTypes.Canonical, canonical, EvidenceStrength.Url);
        }
        foreach (var basedOn in copy.IsBasedOn.Where(u => sourceUrls.Contains(Outlets.UrlKey(u))))
        {
            Add(EvidenceTypes.IsBasedOn, basedOn, EvidenceStrength.Url);
        }

        var copiedLinks = source.Links.Select(l => Outlets.UrlKey(l.Url)).ToHashSet(StringComparer.Ordinal);
        var copiedLines = source.Attributions.Select(a => Outlets.Fold(a.Text)).ToHashSet(StringComparer.Ordinal);
        var names = Outlets.NamesOf(source);
        foreach (var attribution in copy.Attributions.Where(a => !copiedLines.Contains(Outlets.Fold(a.Text))))
        {
            if (!sameSite && NamesOutlet(attribution.Text, attribution.Name, names))
            {
                Add(EvidenceTypes.AttributionName, attribution.Text, EvidenceStrength.Name);
            }
            if (attribution.Url is { } url && !copiedLinks.Contains(Outlets.UrlKey(url)))
            {
                AddLink(url, attribution.Text, EvidenceStrength.Name);
            }
        }
        foreach (var line in EdgeParagraphs(copy.CanonicalText, source.CanonicalText))
        {
            if (!sameSite && NamesOutlet(line, null, names))
            {
                Add(EvidenceTypes.AttributionName, line, EvidenceStrength.Name);
            }
        }
        foreach (var link in copy.Links.Where(l => !copiedLinks.Contains(Outlets.UrlKey(l.Url))))
        {
            AddLink(link.Url, link.Text, EvidenceStrength.DomainLink);
        }

        void AddLink(string url, string text, int domainWeight)
        {
            var key = Outlets.UrlKey(url);
            if (sourceUrls.Contains(key))
            {
                Add(EvidenceTypes.LinkToSource, $"{text} → {url}", EvidenceStrength.Url);
            }
            else if (!sameSite && Outlets.Host(url) is { Length: > 0 } host && Outlets.RegistrableDomain(host) == source.RegistrableDomain)
            {
                Add(EvidenceTypes.LinkToSourceDomain, $"{text} → {url}", domainWeight);
            }
        }

        var wire = WireCredits(copy).Intersect(WireCredits(source)).Order(StringComparer.Ordinal).ToList();
        if (wire.Count > 0)
        {
            items.Add(new LineageEvidence(EvidenceTypes.SharedWireCredit, string.Join(", ", wire)));
        }
        if (copy.PublishedAt is { } copied && source.PublishedAt is { } published && copied != published)
        {
            var delta = (copied - published).Duration();
            var text = string.Create(CultureInfo.InvariantCulture, $"{published:u} vs {copied:u} ({delta.TotalHours:0.#} h)");
            items.Add(new LineageEvidence(published < copied ? EvidenceTypes.PublishedEarlier : EvidenceTypes.PublishedLater, text));
        }
        return new PairEvidence([.. items.Distinct()], strength, wire.Count > 0);
    }

    private static bool NamesOutlet(string text, string? name, OutletNames names)
    {
        // "Source: Military Watch" → "Military Watch"; the name may be the leading part of the outlet's full name.
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var afterColon = colon >= 0 && colon + 1 < text.Length ? text[(colon + 1)..] : null;
        return names.InText.Any(n => Outlets.Mentions(text, n))
            || names.Whole.Any(n => (name is not null && Outlets.NameMatches(name, n))
                || (afterColon is not null && Outlets.NameMatches(afterColon, n)));
    }

    /// <summary>Short paragraphs at the start or end of the copy that the source does not carry: where a republisher
    /// writes "Source: …" when the cleaner did not set the line apart.</summary>
    private static IEnumerable<string> EdgeParagraphs(string copyText, string sourceText)
    {
        var paragraphs = copyText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var foldedSource = Outlets.Fold(sourceText);
        var edges = paragraphs.Take(EdgeParagraphCount).Concat(paragraphs.Skip(Math.Max(EdgeParagraphCount, paragraphs.Length - EdgeParagraphCount)));
        return edges
            .Where(p => Shingles.Tokenize(p).Count <= EdgeParagraphMaxTokens)
            .Where(p => !foldedSource.Contains(Outlets.Fold(p), StringComparison.Ordinal));
    }

    /// <summary>News agencies a page itself credits in its byline, publisher or attribution lines. A dateline such as
    /// "(AP) —" inside the text is not counted: a copy carries it because it copied the text.</summary>
    internal static HashSet<string> WireCredits(LineageMember member)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var places = new[] { member.Byline, member.PublisherName }.Concat(member.Attributions.Select(a => a.Text));
        foreach (var place in places.OfType<string>())
        {
            foreach (Match match in WirePattern().Matches(place))
            {
                found.Add(CanonicalWire(match.Value));
            }
        }
        return found;
    }

    private static string CanonicalWire(string credit) => credit.ToUpperInvariant() switch
    {
        "ASSOCIATED PRESS" => "AP",
        "AGENCE FRANCE-PRESSE" or "AGENCE FRANCE PRESSE" => "AFP",
        var other => other,
    };

    // The world's news agencies, by the credit they print; short acronyms only in capitals and as whole words.
    [GeneratedRegex(@"\b(?:AP|AFP|EFE|UPI|dpa|ANSA|PTI|IANS|(?i:Associated Press|Reuters|Agence France[- ]Presse|Xinhua|Kyodo))\b")]
    private static partial Regex WirePattern();
}

/// <summary>The evidence a copy gives about one source, with the strength of its strongest direct pointer.</summary>
/// <param name="Strength">An <see cref="EvidenceStrength"/> value; 0 when the copy does not point at the source.</param>
public sealed record PairEvidence(IReadOnlyList<LineageEvidence> Items, int Strength, bool SharedWireCredit);

/// <summary>How directly a copy points at a source.</summary>
public static class EvidenceStrength
{
    public const int None = 0;

    /// <summary>A body link to another page of the source's domain: may have come from elsewhere.</summary>
    public const int DomainLink = 1;

    /// <summary>An attribution line naming the outlet or linking to its domain.</summary>
    public const int Name = 2;

    /// <summary>The exact URL: canonical, isBasedOn, or a link to the page.</summary>
    public const int Url = 3;
}
