namespace Archive.Fetching.Robots;

/// <summary>
/// A robots.txt file as RFC 9309 reads it: groups of user-agent lines followed by allow/disallow rules. The group naming
/// our product token applies (all such groups merged), else the <c>*</c> group, else nothing is disallowed. Of the rules
/// matching a path the longest wins, and allow wins a tie; <c>*</c> matches any run of characters, a final <c>$</c> the end.
/// </summary>
public sealed class RobotsRules
{
    private readonly List<(string Pattern, bool Allow)> _rules;

    private RobotsRules(List<(string Pattern, bool Allow)> rules) => _rules = rules;

    public static RobotsRules AllowAll { get; } = new([]);

    public static RobotsRules DisallowAll { get; } = new([("/", false)]);

    public static RobotsRules Parse(string text, string productToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = new List<(List<string> Agents, List<(string, bool)> Rules)>();
        (List<string> Agents, List<(string, bool)> Rules)? current = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            var field = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (field is "user-agent")
            {
                if (!lastWasAgent || current is null)
                {
                    current = ([], []);
                    groups.Add(current.Value);
                }
                current.Value.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
            }
            else if (field is "allow" or "disallow" && current is not null)
            {
                lastWasAgent = false;
                // An empty disallow allows everything: it adds no rule.
                if (value.Length > 0)
                {
                    current.Value.Rules.Add((value, field == "allow"));
                }
            }
        }
        var token = productToken.ToLowerInvariant();
        var ours = groups.Where(g => g.Agents.Contains(token)).SelectMany(g => g.Rules).ToList();
        var rules = ours.Count > 0 || groups.Any(g => g.Agents.Contains(token))
            ? ours
            : groups.Where(g => g.Agents.Contains("*")).SelectMany(g => g.Rules).ToList();
        return new RobotsRules(rules);
    }

    /// <summary>Whether <paramref name="pathAndQuery"/> (starting with /) may be fetched.</summary>
    public bool IsAllowed(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (pathAndQuery.Equals("/robots.txt", StringComparison.Ordinal))
        {
            return true;
        }
        var best = -1;
        var allowed = true;
        foreach (var (pattern, allow) in _rules)
        {
            if (pattern.Length >= best && Matches(pattern, pathAndQuery) && (pattern.Length > best || allow))
            {
                (best, allowed) = (pattern.Length, allow);
            }
        }
        return allowed;
    }

    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var parts = (anchored ? pattern[..^1] : pattern).Split('*');
        if (!path.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }
        var position = parts[0].Length;
        for (var i = 1; i < parts.Length; i++)
        {
            var found = i == parts.Length - 1 && anchored
                ? (path.Length - parts[i].Length >= position && path.EndsWith(parts[i], StringComparison.Ordinal) ? path.Length - parts[i].Length : -1)
                : path.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            position = found + parts[i].Length;
        }
        return !anchored || position == path.Length;
    }
}
