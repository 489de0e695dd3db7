using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Archive.Engine.Extraction.Cleaning;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Extraction.Scoring;

/// <summary>
/// Families of class/id words templates use for the same role ("comment", "sidebar", "card"…). The block scorer sees,
/// for each family, how close above a block the nearest element so named is. No word names a site.
/// </summary>
internal static partial class NameGroups
{
    internal static readonly Regex[] Groups =
    [
        G0(),
        G1(),
        G2(),
        G3(),
        G4(),
        G5(),
        G6(),
        G7(),
        G8(),
        G9(),
        G10(),
        G11(),
        G12(),
        G13(),
        G14(),
        G15(),
        G16(),
        G17(),
        G18(),
        G19(),
        G20(),
        G21(),
    ];

    public static int Count => Groups.Length + 3;

    [GeneratedRegex(@"comment|disqus|respond|repl(?:y|ies)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G0();

    [GeneratedRegex(@"\bnav|menu|breadcrumb|crumb", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G1();

    [GeneratedRegex(@"footer|\bfoot\b|copyright|legal", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G2();

    [GeneratedRegex(@"header|masthead|top-?bar", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G3();

    [GeneratedRegex(@"sidebar|side-?bar|aside|\brail|widget|secondary", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G4();

    [GeneratedRegex(@"related|recommend|trending|popular|more-?stories|read-?next|recirc|teaser|also", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G5();

    [GeneratedRegex(@"share|sharing|social|follow|facebook|twitter", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G6();

    [GeneratedRegex(@"\bads?\b|\bad[-_]|[-_]ad\b|advert|sponsor|promo|banner|dfp", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G7();

    [GeneratedRegex(@"newsletter|subscri|sign-?up|cookie|consent|modal|popup|gdpr|login|register|paywall", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G8();

    [GeneratedRegex(@"content|article|\bpost|entry|story|body|text|\bmain|prose|rich", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G9();

    [GeneratedRegex(@"meta|byline|author|date|time|\btags?\b|categor|\binfo", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G10();

    [GeneratedRegex(@"card|item|product|tile|grid|listing|result|collection", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G11();

    [GeneratedRegex(@"title|heading|headline|\bname", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G12();

    [GeneratedRegex(@"caption|credit|figure|image|photo|media|gallery|thumb", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G13();

    [GeneratedRegex(@"\btoc\b|table-?of-?contents|on-?this-?page|contents", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G14();

    [GeneratedRegex(@"\bpost|message|thread|answer|question|topic|forum|discussion", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G15();

    [GeneratedRegex(@"price|cart|buy|shop|checkout|stock|basket", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G16();

    [GeneratedRegex(@"desc|detail|summary|overview|spec|feature|about", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G17();

    [GeneratedRegex(@"hidden|sr-only|visually|screen-?reader|offscreen|collapse|dropdown|tooltip|popover|hover", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G18();

    [GeneratedRegex(@"code|highlight|syntax|snippet|\bpre\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G19();

    [GeneratedRegex(@"faq|accordion|\btabs?\b|panel", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G20();

    [GeneratedRegex(@"\bhero|intro|lead|\bdek|subtitle|standfirst|excerpt", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex G21();

    /// <summary>Bit i set when the class/id string matches family i; the last three bits are the cleaner's own
    /// strong-furniture, weak-furniture and story-body verdicts.</summary>
    public static int Mask(string names) => names.Length == 0 ? 0 : Masks.Get(names);

    // No family's pattern matches whitespace (nor do the cleaner's), so a long string's mask is its words' masks ORed.
    private static readonly BoundedCache<int> Masks = new(Compute, combineWords: (a, b) => a | b);

    private static int Compute(string names)
    {
        var mask = 0;
        for (var i = 0; i < Groups.Length; i++)
        {
            if (Groups[i].IsMatch(names))
            {
                mask |= 1 << i;
            }
        }
        var hints = BoilerplateHints.Hints(names);
        if (hints.HasFlag(NameHints.StrongNegative))
        {
            mask |= 1 << Groups.Length;
        }
        if (hints.HasFlag(NameHints.WeakNegative))
        {
            mask |= 1 << (Groups.Length + 1);
        }
        if (hints.HasFlag(NameHints.ArticleBody))
        {
            mask |= 1 << (Groups.Length + 2);
        }
        return mask;
    }

    public static string Names(IElement element) => BoilerplateHints.ClassAndId(element);
}
