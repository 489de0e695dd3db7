using System.Globalization;
using System.Reflection;

namespace Archive.Engine.Publishers;

/// <summary>
/// The registrable domain of a host ("www.bbc.co.uk" → "bbc.co.uk"), by the Public Suffix List's own algorithm
/// (https://github.com/publicsuffix/list/wiki/Format): the longest matching rule wins, exception rules (!) beat
/// wildcards (*), and the implicit rule "*" applies when nothing matches. Both the ICANN and the private sections
/// are used, so every blogspot.com or github.io site is its own publisher.
/// The list is a copy of Debian's publicsuffix package (/usr/share/publicsuffix/public_suffix_list.dat), embedded.
/// </summary>
public sealed class PublicSuffixList
{
    private readonly HashSet<string> _rules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wildcards = new(StringComparer.Ordinal);
    private readonly HashSet<string> _exceptions = new(StringComparer.Ordinal);
    private static readonly IdnMapping Idn = new();

    public static PublicSuffixList Default { get; } = LoadEmbedded();

    public PublicSuffixList(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            var rule = line.Split(' ', '\t')[0];
            if (rule.StartsWith('!'))
            {
                _exceptions.Add(ToAscii(rule[1..]));
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                _wildcards.Add(ToAscii(rule[2..]));
            }
            else
            {
                _rules.Add(ToAscii(rule));
            }
        }
    }

    /// <summary>The public suffix of <paramref name="host"/> ("co.uk" for "www.bbc.co.uk").</summary>
    public string? PublicSuffix(string host)
    {
        var labels = Labels(host);
        if (labels is null)
        {
            return null;
        }
        for (var i = 0; i < labels.Length; i++)
        {
            var candidate = string.Join('.', labels[i..]);
            if (_exceptions.Contains(candidate))
            {
                return string.Join('.', labels[(i + 1)..]);
            }
            if (_rules.Contains(candidate) || (i + 1 < labels.Length && _wildcards.Contains(string.Join('.', labels[(i + 1)..]))))
            {
                return candidate;
            }
        }
        return labels[^1];
    }

    /// <summary>The public suffix plus one label ("bbc.co.uk"), or null for an IP address, a bare suffix or an invalid host.</summary>
    public string? RegistrableDomain(string host)
    {
        var labels = Labels(host);
        var suffix = labels is null ? null : PublicSuffix(host);
        if (labels is null || suffix is null)
        {
            return null;
        }
        var suffixLabels = suffix.Count(c => c == '.') + 1;
        return labels.Length > suffixLabels ? string.Join('.', labels[^(suffixLabels + 1)..]) : null;
    }

    private static string[]? Labels(string host)
    {
        if (string.IsNullOrWhiteSpace(host) || System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            return null;
        }
        string ascii;
        try
        {
            ascii = ToAscii(host.Trim().TrimEnd('.'));
        }
        catch (ArgumentException)
        {
            return null;
        }
        var labels = ascii.Split('.');
        return labels.Any(l => l.Length == 0) ? null : labels;
    }

    private static string ToAscii(string domain) => Idn.GetAscii(domain).ToLowerInvariant();

    private static PublicSuffixList LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Archive.Engine.public_suffix_list.dat")
            ?? throw new InvalidOperationException("The embedded public suffix list is missing.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return new PublicSuffixList(lines);
    }
}
