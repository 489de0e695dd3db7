using System.Text.RegularExpressions;
using Archive.Engine;
using Archive.Engine.Lineage;

namespace Archive.Api.Tests.Architecture;

/// <summary>
/// Enums become text one way: kebab-case through <c>EnumText</c> and the JSON converter. This fails when code anywhere
/// under src spells an enum's text by hand: <c>ToString().ToLower…()</c>, the naming policy applied to a
/// <c>ToString()</c>, or a hand-written choice between a capture's two sources; or names a lineage link's kind, declaration,
/// reuse or basis with a string literal (<c>"verbatim"</c> in C#, <c>'claimed'</c> in SQL) instead of its enum, in a file
/// that deals with lineage.
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

    /// <summary>Every text of the link enums, from the enums themselves: a value added later is watched too.</summary>
    private static readonly string[] LinkTexts =
    [
        .. EnumText.All<LineageKind>(), .. EnumText.All<LineageDeclaration>(), .. EnumText.All<LineageReuse>(), .. EnumText.All<EvidenceBasis>(),
    ];

    /// <summary>
    /// A link enum's text as a whole literal: <c>"verbatim"</c> in C# or Razor, <c>'verbatim'</c> in SQL. A JSON member that
    /// happens to share a name (<c>["origin"] = …</c>, <c>GetProperty("origin")</c>) is a field, not a value, and a CSP
    /// source keyword (<c>frame-ancestors 'none'</c>) is not a declaration.
    /// </summary>
    private static readonly Regex LinkTextLiteral = new(
        $$"""(?<!\[\s*|Property\(\s*)"(?:{{string.Join('|', LinkTexts.Distinct().Select(Regex.Escape))}})"(?!\s*\])"""
        + $$"""|(?<!(?:-src|-ancestors|-uri|-action)\s+)'(?:{{string.Join('|', LinkTexts.Distinct().Select(Regex.Escape))}})'""");

    public static IEnumerable<string> Violations(string sourceDirectory) =>
        Directory.EnumerateFiles(sourceDirectory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(sourceDirectory, f)}: {m}"));

    /// <summary>Link texts are looked for where links travel: in files that deal with lineage (its types, its table). Elsewhere
    /// the same words are other things' values (<c>role="none"</c>, a table's <c>'none'</c>).</summary>
    private static IEnumerable<string> Matches(string source) =>
        HandSpelledEnumText().Matches(source)
            .Concat(source.Contains("lineage", StringComparison.OrdinalIgnoreCase) ? LinkTextLiteral.Matches(source) : [])
            .Select(m => m.Value);

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

    [Theory]
    [InlineData("""public const string Verbatim = "verbatim";""")]
    [InlineData("""<span class="badge @(lineage.Basis == "claimed" ? "claimed" : "observed")">""")]
    [InlineData("""@(lineage.DeclaredBy is null or "none" ? "does not declare its source" : "declares it")""")]
    [InlineData("""new ArticleLineage(refs[originId], null, "origin", null, null, [], republications)""")]
    [InlineData("""links = links.Where(l => l.Kind == "attributed");""")]
    [InlineData("""SELECT count(*) FROM lineage_links WHERE basis = 'claimed' AND reuse <> 'verbatim'""")]
    public void The_scan_finds_a_link_enum_spelled_as_a_literal(string source) =>
        Assert.NotEmpty(Matches("using Archive.Engine.Lineage;\n" + source));

    [Theory]
    [InlineData("""item["origin"] = member.Origin?.ToString();""")]
    [InlineData("""lineage.GetProperty("origin").ValueKind""")]
    [InlineData("""public const string Policy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";""")]
    [InlineData("""<span class="badge claimed">claimed by the key</span>""")]
    [InlineData("""var kind = EnumText.Of(LineageKind.Verbatim);""")]
    public void The_scan_leaves_fields_and_other_words_alone(string source) =>
        Assert.Empty(Matches("using Archive.Engine.Lineage;\n" + source));

    [Fact]
    public void The_scan_reads_link_words_only_where_lineage_is_dealt_with() =>
        Assert.Empty(Matches("""if (table.GetAttribute("role") is "presentation" or "none") { return; }"""));
}
