using System.Text.RegularExpressions;

namespace Archive.Engine.Extraction.Output;

/// <summary>
/// Recognises lines a republisher adds to name the origin ("Source: Military Watch", "Originally published by X",
/// "Read More: Outlet – Headline") so they can be kept apart from the story text as lineage evidence.
/// </summary>
internal static partial class AttributionFinder
{
    private const int MaxChars = 250;

    public static bool TryRead(ContentBlock block, bool nearEnd, out (string? Name, string? Url) attribution)
    {
        attribution = default;
        var line = block.Text;
        if (block.Kind != BlockKind.Paragraph || line.Length > MaxChars)
        {
            return false;
        }
        var url = block.Links.Count > 0 ? block.Links[0].Url : null;
        var match = Explicit().Match(line);
        if (match.Success)
        {
            attribution = (NameFrom(match.Groups["rest"].Value, url), url);
            return true;
        }
        // "Read more: Outlet – Headline" at the end names the outlet; elsewhere "Read more:" is a teaser.
        match = ReadMoreOutlet().Match(line);
        if (match.Success && nearEnd)
        {
            attribution = (CleanName(match.Groups["name"].Value), url);
            return true;
        }
        return false;
    }

    private static string? NameFrom(string rest, string? url)
    {
        var name = CleanName(SplitOnDash().Split(rest, 2)[0]);
        if (name is not null)
        {
            return name;
        }
        return url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;
    }

    private static string? CleanName(string value)
    {
        var name = PermissionTail().Replace(value, string.Empty).Trim().TrimEnd('.', ':', ';', ',').Trim();
        if (name.StartsWith("the ", StringComparison.Ordinal))
        {
            name = name[4..];
        }
        return name.Length is 0 or > 80 ? null : name;
    }

    [GeneratedRegex(
        @"^(?:(?:Source|Sources|Fuente|Fuentes|Quelle|Via|Courtesy|Credit|Read (?:more|the (?:full|original) (?:article|story|post)) (?:at|on))\s*:\s*|"
        + @"(?:Read (?:more|the (?:full|original) (?:article|story|post)) (?:at|on)\s+)|"
        + @"(?:(?:This|The) (?:article|story|post|piece|report)\s+(?:was\s+)?(?:first|originally)?\s*(?:appeared|published|posted|ran)\s+(?:on|in|at|by)\s+)|"
        + @"(?:(?:Originally|First)\s+(?:published|posted|appeared)\s+(?:on|in|at|by)\s+)|"
        + @"(?:Republished|Reprinted|Reposted|Cross-posted)\s+(?:from|with permission (?:from|of)|courtesy of)\s+|"
        + @"(?:Courtesy of)\s+|"
        + @"Via\s+(?=\p{Lu}[^.!?]{0,60}$))"
        + @"(?<rest>.+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Explicit();

    [GeneratedRegex(@"^Read (?:more|the original)\s*:\s*(?<name>[^–—|:]{2,60}?)\s+[–—|-]\s+\S.+$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadMoreOutlet();

    [GeneratedRegex(@"\s+(?:with (?:kind )?permission|under (?:a |the )?(?:Creative Commons|CC[- ]BY)|and is republished|is republished).*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PermissionTail();

    [GeneratedRegex(@"\s+[–—|]\s+|\s+-\s+")]
    private static partial Regex SplitOnDash();
}
