using System.Text.RegularExpressions;

namespace Archive.Api.Tests.Architecture;

/// <summary>
/// Enums become text one way: kebab-case through <c>EnumText</c> and the JSON converter. This fails when code anywhere
/// under src spells an enum's text by hand: <c>ToString().ToLower…()</c>, the naming policy applied to a
/// <c>ToString()</c>, or a hand-written choice between a capture's two sources.
/// </summary>
public sealed partial class OneEnumStringPolicyTests
{
    [GeneratedRegex("""
        \.ToString\(\)\s*\.ToLower(Invariant)?\(\)
        | KebabCaseLower\s*\.\s*ConvertName\s*\([^)]*ToString\(\)
        | Enum\s*\.\s*GetNames\s*<
        | "fetched"\s*:\s*"uploaded" | "uploaded"\s*:\s*"fetched"
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex HandSpelledEnumText();

    public static IEnumerable<string> Violations(string sourceDirectory) =>
        Directory.EnumerateFiles(sourceDirectory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => HandSpelledEnumText().Matches(File.ReadAllText(f))
                .Select(m => $"{Path.GetRelativePath(sourceDirectory, f)}: {m.Value}"));

    [Fact]
    public void No_enum_text_is_spelled_by_hand_under_src()
    {
        var src = Path.Combine(SourceScan.RepositoryRoot(), "src");
        Assert.Empty(Violations(src));
    }

    [Theory]
    [InlineData("""<td>@job.State.ToString().ToLowerInvariant()</td>""")]
    [InlineData("""var s = JsonNamingPolicy.KebabCaseLower.ConvertName(capture.Source.ToString());""")]
    [InlineData("""["source"] = fetched ? "fetched" : "uploaded",""")]
    [InlineData("""string[] States = [.. Enum.GetNames<JobState>().Select(Policy.ConvertName)];""")]
    public void The_scan_finds_each_hand_spelling(string source) => Assert.Matches(HandSpelledEnumText(), source);
}
