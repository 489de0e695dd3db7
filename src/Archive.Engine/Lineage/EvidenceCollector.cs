using Archive.Engine.Urls;
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
        return Collect(new MemberText(copy), new MemberText(source));
    }

    internal static PairEvidence Collect(MemberText copyText, MemberText sourceText)
    {
        var copy = copyText.Member;
        var source = sourceText.Member;
        var items = new List<LineageEvidence>();
        var strength = 0;
        var (copyPointers, sourcePointers) = (copyText.Pointers, sourceText.Pointers);
        var sameSite = copyPointers.RegistrableDomain == sourcePointers.RegistrableDomain;
        var sourceUrls = sourcePointers.OwnUrls;
        var (basis, by) = Of(copy.Provenance);

        void Add(string type, string detail, int weight)
        {
            items.Add(new LineageEvidence(type, detail, EvidenceSides.Copy, basis, by));
            strength = Math.Max(strength, weight);
        }

        if (!sameSite && copy.CanonicalUrl is { } canonical && sourceUrls.Contains(UrlKey.Loose(canonical)))
        {
            Add(EvidenceTypes.Canonical, canonical, EvidenceStrength.Url);
        }
        foreach (var basedOn in copy.IsBasedOn.Where(u => sourceUrls.Contains(UrlKey.Loose(u))))
        {
            Add(EvidenceTypes.IsBasedOn, basedOn, EvidenceStrength.Url);
        }

        var copiedLinks = sourcePointers.LinkKeySet;
        var copiedLines = sourcePointers.AttributionLineSet;
        var names = sourceText.Names;
        for (var a = 0; a < copy.Attributions.Count; a++)
        {
            var attribution = copy.Attributions[a];
            if (copiedLines.Contains(copyPointers.AttributionLines[a]))
            {
                continue;
            }
            if (!sameSite && NamesOutlet(attribution.Text, attribution.Name, names))
            {
                Add(EvidenceTypes.AttributionName, attribution.Text, EvidenceStrength.Name);
            }
            if (attribution.Url is { } url && UrlKey.Loose(url) is var key && !copiedLinks.Contains(key))
            {
                AddLink(url, attribution.Text, EvidenceStrength.Name, key, link: -1);
            }
        }
        var creditLines = CreditLines(copyText, sourceText);
        foreach (var line in creditLines)
        {
            if (!sameSite && NamesOutlet(line.Text, null, names, creditLine: true))
            {
                Add(EvidenceTypes.AttributionName, line.Text, EvidenceStrength.Name);
            }
        }
        if (!sameSite && copy.Byline is { Length: > 0 } byline && byline != source.Byline && names.InCredit.Any(n => Outlets.MentionsInCredit(byline, n)))
        {
            Add(EvidenceTypes.Byline, byline, EvidenceStrength.Name);
        }
        for (var i = 0; i < copy.Links.Count; i++)
        {
            if (copiedLinks.Contains(copyPointers.LinkKeys[i]))
            {
                continue;
            }
            var link = copy.Links[i];
            // A link inside a credit line ("Read the original at <a>…</a>") credits; one in the running text may not.
            var inCreditLine = copyPointers.LinkText(i) is { Length: >= 3 } text
                && creditLines.Any(l => (" " + l.Folded + " ").Contains(" " + text + " ", StringComparison.Ordinal));
            AddLink(link.Url, link.Text, inCreditLine ? EvidenceStrength.Name : EvidenceStrength.DomainLink, copyPointers.LinkKeys[i], i);
        }

        // A link of the copy's own (link >= 0) has its domain worked out once; an attribution's URL (-1) here.
        void AddLink(string url, string text, int domainWeight, string key, int link)
        {
            if (sourceUrls.Contains(key))
            {
                Add(EvidenceTypes.LinkToSource, $"{text} → {url}", EvidenceStrength.Url);
            }
            else if (!sameSite && (link >= 0 ? copyPointers.LinkDomain(link) : MemberPointers.DomainOf(url)) is { } domain
                && domain == sourcePointers.RegistrableDomain)
            {
                Add(EvidenceTypes.LinkToSourceDomain, $"{text} → {url}", domainWeight);
            }
        }

        var (bothBasis, bothBy) = Of(copy.Provenance, source.Provenance);
        var wire = copyPointers.WireCredits.Intersect(sourcePointers.WireCredits).Order(StringComparer.Ordinal).ToList();
        if (wire.Count > 0)
        {
            items.Add(new LineageEvidence(EvidenceTypes.SharedWireCredit, string.Join(", ", wire), null, bothBasis, bothBy));
        }
        if (copy.PublishedAt is { } copied && source.PublishedAt is { } published && copied != published)
        {
            var delta = (copied - published).Duration();
            var text = string.Create(CultureInfo.InvariantCulture, $"{published:u} vs {copied:u} ({delta.TotalHours:0.#} h)");
            items.Add(new LineageEvidence(published < copied ? EvidenceTypes.PublishedEarlier : EvidenceTypes.PublishedLater, text,
                null, bothBasis, bothBy));
        }
        return new PairEvidence([.. items.Distinct()], strength, wire.Count > 0);
    }

    /// <summary>The basis of what one page says, and who said it when it is a claim or a trusted key's upload.</summary>
    internal static (EvidenceBasis Basis, string? By) Of(Provenance provenance) =>
        (provenance.Basis, provenance.By == EvidenceBy.Worker ? null : provenance.By);

    /// <summary>The basis of a comparison of two pages: a claim as soon as either side is one.</summary>
    internal static (EvidenceBasis Basis, string? By) Of(Provenance a, Provenance b)
    {
        var basis = a.IsClaim || b.IsClaim ? EvidenceBasis.Claimed : EvidenceBasis.Observed;
        var by = new[] { a, b }.Where(p => p.IsClaim || p.Trusted).Select(p => p.By).Distinct(StringComparer.Ordinal).ToList();
        return (basis, by.Count == 0 ? null : string.Join(", ", by));
    }

    internal static bool NamesOutlet(string text, string? name, OutletNames names, bool creditLine = false)
    {
        // The line folded once for every name.
        var line = new FoldedLine(text);
        if (creditLine && names.InCredit.Any(n => Outlets.MentionsInCredit(line, n)))
        {
            return true;
        }
        // "Source: Military Watch" → "Military Watch"; the name may be the leading part of the outlet's full name.
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var afterColon = colon >= 0 && colon + 1 < text.Length ? Letters(text[(colon + 1)..]) : null;
        var nameLetters = name is null ? null : Letters(name);
        return names.InText.Any(n => Outlets.Mentions(line, n))
            || names.Whole.Any(n => (nameLetters is not null && Outlets.LettersMatch(nameLetters, n))
                || (afterColon is not null && Outlets.LettersMatch(afterColon, n)));

        static string Letters(string name) => Outlets.Fold(name).Replace(" ", "", StringComparison.Ordinal);
    }

    /// <summary>
    /// Short paragraphs the copy added around the text it took: where a republisher writes "Source: …", "Quelle: …",
    /// "Originally published at …" or any other credit when the cleaner did not set the line apart. Found by place, not
    /// by wording: before the first or after the last paragraph taken from the source (or among the first and last two),
    /// not carried by the source, not shown anywhere on the source's page (a caption or a video title naming the source's
    /// outlet was copied along with the text) and not part of the copy's site template.
    /// </summary>
    internal static List<TextParagraph> CreditLines(MemberText copy, MemberText source)
    {
        var paragraphs = copy.Paragraphs;
        var taken = paragraphs.Select(p => source.Carries(p) >= TextParagraph.MostOf).ToList();
        var first = taken.IndexOf(true);
        var last = taken.LastIndexOf(true);
        var lines = new List<TextParagraph>();
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var edge = i < EdgeParagraphCount || i >= paragraphs.Count - EdgeParagraphCount || first < 0 || i < first || i > last;
            var p = paragraphs[i];
            if (edge && !taken[i] && p.TokenCount <= EdgeParagraphMaxTokens && !source.PageShows(p)
                && !copy.Member.SiteTemplate.Contains(p.Key))
            {
                lines.Add(p);
            }
        }
        return lines;
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
