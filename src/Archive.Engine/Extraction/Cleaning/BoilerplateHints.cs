using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Extraction.Cleaning;

/// <summary>
/// Generic signals that a block is page furniture rather than story: class/id vocabulary shared by most CMSs and
/// short lines in the shape of credits, promos and prompts. Nothing here names a site.
/// </summary>
internal static partial class BoilerplateHints
{
    /// <summary>Class/id words that mark furniture even when the name also says "article" ("related-articles").</summary>
    [GeneratedRegex(
        @"comment|disqus|related|recommend|share|sharing|social|newsletter|subscri|signup|sign-up|promo|cookie|consent|gdpr|"
        + @"paywall|regwall|piano|sidebar|side-bar|breadcrumb|advert|sponsor|outbrain|taboola|recirc|read-?more|read-?next|"
        + @"more-?stories|trending|popular|most-?read|author-?bio|about-?the-?author|author-?info|authorbox|author-?box|"
        + @"caption|credit|byline|dateline|tags|tag-?list|topics|keywords|toolbar|widget|skip-?link|print-?only|sr-only|"
        + @"visually-?hidden|screen-?reader|modal|popup|overlay|banner|masthead|pagination|pager|ticker|"
        + @"follow|donate|rating|reactions|jump-?link|video-?player|gallery|slideshow|carousel|lightbox|next-?article|"
        + @"prev-?article|post-?nav|nav-?links|footnote-?ad|\bads?\b|\bad-|-ad\b|_ad\b|\bad_|adslot|ad-?slot|dfp|\bmeta\b|"
        + @"post-?meta|entry-?meta|article-?meta|story-?meta|timestamp|publish-?date|\bhide\b|\bhidden\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex StrongNegative();

    /// <summary>Class/id words that mark furniture unless the name also carries a content word.</summary>
    [GeneratedRegex(@"header|footer|menu|\bnav|navigation|extra|aside|supplement|shoutbox|legends|remark|rss|login|search|"
        + @"masthead|bottom|top-?bar|utility|breaking", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex WeakNegative();

    [GeneratedRegex(@"article|body|content|main|post|entry|story|text|blog|prose|rich-?text",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Positive();

    /// <summary>Names that say "this is the story body" outright.</summary>
    [GeneratedRegex(@"article-?body|articlebody|article__body|article-?content|article__content|story-?body|story-?content|"
        + @"post-?body|post-?content|entry-?content|entry-?body|body-?text|article-?text|main-?content|content-?body|"
        + @"rich-?text|field-?body|node-?body|td-post-content|single-?content|blog-?post|articleContent",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ArticleBodyName();

    /// <summary>
    /// The four class/id verdicts above for one name string, each worked out once per process: the cleaner, the picker
    /// and the scorer's name groups all ask them of the same names, and templates repeat the names on every page. No
    /// pattern of the four matches whitespace, so a long string's verdicts are its words' (<see cref="BoundedCache{T}"/>).
    /// </summary>
    public static NameHints Hints(string names) => names.Length == 0 ? NameHints.None : HintVerdicts.Get(names);

    private static readonly BoundedCache<NameHints> HintVerdicts = new(names =>
        (StrongNegative().IsMatch(names) ? NameHints.StrongNegative : NameHints.None)
        | (WeakNegative().IsMatch(names) ? NameHints.WeakNegative : NameHints.None)
        | (Positive().IsMatch(names) ? NameHints.Positive : NameHints.None)
        | (ArticleBodyName().IsMatch(names) ? NameHints.ArticleBody : NameHints.None),
        combineWords: (a, b) => a | b);

    public static string ClassAndId(IElement element)
    {
        var id = element.Id;
        var cls = element.Attribute("class");
        if (string.IsNullOrEmpty(id))
        {
            return cls ?? string.Empty;
        }
        return string.IsNullOrEmpty(cls) ? id : cls + " " + id;
    }

    /// <summary>Short lines that are furniture whatever their markup: credits, promos, prompts, teasers. One pattern in two
    /// parts (<see cref="FurnitureStart"/>, <see cref="CreditAtEnd"/>).</summary>
    public static bool IsFurnitureLine(string line) => FurnitureStart().IsMatch(line) || EndsWithAgencyCredit(line);

    /// <summary>
    /// What the branch <c>^.{0,80}\b(?:Getty Images|…)\W{0,3}$</c> of the furniture pattern asked: an agency's credit
    /// ends the line, starting within its first 80 characters and on its first line. Tried left to right, that branch
    /// took up to 80 characters and gave them back one at a time, trying the credit at each: 72% of the pattern's time
    /// over a page's lines. The credit is found from the end instead (<see cref="CreditAtEnd"/>), and its start checked.
    /// It can start at one place only: the credit ends at the last word character before at most three others (and
    /// '$' may stand before a final newline, itself a non-word character), and no credit's text ends another's. So the
    /// one match right to left is the leftmost, the one the anchored branch would have reached.
    /// </summary>
    internal static bool EndsWithAgencyCredit(string line)
    {
        var credit = CreditAtEnd().Match(line);
        return credit.Success && credit.Index <= 80 && line.AsSpan(0, credit.Index).IndexOf('\n') < 0;
    }

    [GeneratedRegex(@"\b(?:Getty Images|Shutterstock|iStock|via AP|via Reuters|AP Photo|AFP Photo|\bAFP\b)\W{0,3}$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.RightToLeft)]
    private static partial Regex CreditAtEnd();

    /// <summary>The furniture pattern but for its agency-credit-at-the-end branch (<see cref="EndsWithAgencyCredit"/>).</summary>
    [GeneratedRegex(
        @"^(?:"
        + @"(?:AP|AFP|Reuters|Getty|EPA|Shutterstock|AAP|Xinhua|Bloomberg)\b[\w\s./,'-]{0,60}(?:Photo|Images|via|File)|"
        + @"(?:\(?(?:Photo|Image|Picture|Foto|Video|Illustration|Graphic)s?(?: credit)?\s*(?::|by|/|©)).{0,120}$|"
        + @"(?:AP|AFP) Photo\b|[\w .'-]{0,60}/\s*(?:AP|AFP|Getty Images|Reuters|EPA|Shutterstock)\b.{0,80}$|"
        + @"(?:©|Copyright\b).{0,120}$|"
        + @"(?:Follow|Like)\s+(?:us|him|her|them|[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\s+on\s+(?:Twitter|Facebook|Instagram|X|LinkedIn|"
        + @"Telegram|YouTube|TikTok|Threads|Bluesky|Gab|Truth Social)|"
        + @"Follow\b.{0,80}\bon (?:Twitter|Facebook|Instagram|LinkedIn|Telegram|YouTube|TikTok|Threads|Bluesky)\b|"
        + @"(?:Like|Enjoy(?:ed)?|Love) (?:this|the) (?:story|article|post)\b|Share (?:it|this) with\b|"
        + @"(?:Highlights|Key points|Summary|Listen to this article|Listen|Print this page)\W*$|"
        + @"(?:Sign up|Subscribe|Register)\b.{0,80}\b(?:newsletter|updates|inbox|email|free)|"
        + @"(?:Subscribe|Sign up|Newsletter|Log in|Sign in|Register)\W*$|Subscribe to\b.{0,140}$|"
        + @"(?:Read|See|Watch|Listen)(?: (?:more|next|also|full|the latest))?\s*(?::|»|›|>)|"
        + @"(?:Related|Recommended|Trending|Most read|Most popular|Most viewed|More from|More stories|Advertisement|Advert|Sponsored|"
        + @"Don'?t miss|Must read|Editor'?s picks?|You (?:may|might) also like|Also read|See also|Top stories|Latest news|Anzeige|"
        + @"Publicidad|Publicidade|Publicité|Pubblicità|Werbung|Tags|Topics|Categories|Filed under|Share|Compartilhe|Comparte)"
        + @"(?:\s*(?::|stories|articles|content|links|coverage))?\W*$|"
        + @"(?:Comments?|COMMENTS?|Leave a (?:comment|reply)|Join the (?:discussion|conversation)|Show comments|"
        + @"View comments|\d+ comments?)\W*$|"
        + @"Please let us know if you're having issues with commenting|"
        + @"(?:Share|Share this|Share on|Tweet|Email|Print|Copy link)(?:\s+(?:this|article|story|on \w+))?\W*$|"
        + @"(?:Click here|Tap here)\b|"
        + @"(?:Already a subscriber|Subscribe now|To continue reading|This (?:article|content) is (?:for|available to) subscribers)|"
        + @"(?:We use cookies|This (?:site|website) uses cookies|By (?:using|continuing)|Accept (?:all )?cookies)"
        + @")",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex FurnitureStart();

    /// <summary>Promotions and legal lines that give themselves away anywhere in a short line: <see cref="PromoWords"/> or
    /// <see cref="PostedBy"/>.</summary>
    public static bool IsPromo(string line) => PromoWords().IsMatch(line) || PostedBy().IsMatch(line);

    // Two expressions, not one alternation: with the anchored "Posted by" branch among them, no character could open a
    // match, so the matcher tried every branch at every position of the line; apart, this one skips to its first letters.
    [GeneratedRegex(@"\b(?:sign up|subscribe)\b.{0,120}\bnewsletter|\bnewsletter\b.{0,120}\b(?:sign up|subscribe)\b|\bclick here\b|"
        + @"\bsubject to copyright\b|\ball rights reserved\b|©|\bcontributed (?:to )?this (?:report|story|article)\W*$|"
        + @"\b(?:Tags|Categoria|Category|Categories|Filed under)\s*:",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PromoWords();

    /// <summary>"Posted by", "Publié par"…, at the line's start or after at most 40 characters.</summary>
    [GeneratedRegex(@"^(?:.{0,40}\s)?(?:Posted|Published|Publicado|Publié|Publicada|Veröffentlicht)\s+(?:by|por|par|von)\s",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostedBy();

    /// <summary>"By Jane Doe", "By Jane Doe and John Roe | Reuters" — a byline standing alone as a line.</summary>
    [GeneratedRegex(@"^(?:By|Por|Par|Von|Di|Door|Av|Af)\s+\p{Lu}[\p{L}.'’-]*(?:[\s,&|–—-]+(?:and\s+|y\s+|et\s+|und\s+)?[\p{L}.'’-]+){0,8}\s*$",
        RegexOptions.CultureInvariant)]
    public static partial Regex BylineLine();
}

/// <summary>Which of <see cref="BoilerplateHints"/>' class/id vocabularies a name string matches.</summary>
[Flags]
internal enum NameHints
{
    None = 0,
    StrongNegative = 1,
    WeakNegative = 2,
    Positive = 4,
    ArticleBody = 8,
}
