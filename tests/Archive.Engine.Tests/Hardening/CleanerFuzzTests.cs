using System.Diagnostics;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;
using Archive.Engine.Text;

namespace Archive.Engine.Tests.Hardening;

/// <summary>
/// Mutated pages (<see cref="PageMutations"/>: truncated, tag soup, random bytes, odd charsets, deep nesting) through
/// decode → extract → hash, as the ingestor runs them: no exception may escape and every input gets a text back,
/// flagged when it is empty.
/// How fast each input is cleaned is a figure printed by bench/extraction-fuzz.sh; the limit here only catches a hang.
/// The subject of that limit is wall time on purpose (a page that never finishes must fail the run, not stall it), so it
/// is a minute per input, far above any slow page on a loaded machine: it cannot flake, only catch a hang.
/// </summary>
public sealed class CleanerFuzzTests
{
    private const int Inputs = 1200;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public void Mutated_pages_never_throw_and_each_gets_a_text()
    {
        var seeds = PageMutations.Seeds(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "breitbart-002.html")));
        var extractor = new ArticleExtractor();
        var failures = new List<string>();

        for (var seed = 0; seed < Inputs; seed++)
        {
            var (bytes, contentType, kind) = PageMutations.Input(seed, seeds);
            var clock = Stopwatch.StartNew();
            try
            {
                var decoded = HtmlDecoder.Decode(bytes, contentType);
                var article = extractor.Extract(decoded.Html, new Uri("https://fuzz.example/story"));
                _ = ContentHash.OfText(article.Text);
                // An empty text must say so, so the archive never stores a blank article silently.
                if (string.IsNullOrWhiteSpace(article.Text) != article.Warnings.Contains(ExtractionWarnings.NoArticleText))
                {
                    failures.Add($"seed {seed} (mutation {kind}): text of {article.Text.Length} chars, warnings [{string.Join(", ", article.Warnings)}]");
                }
            }
#pragma warning disable CA1031 // The point is to catch whatever escapes.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Add($"seed {seed} (mutation {kind}, {contentType ?? "no type"}): {ex.GetType().Name}: {ex.Message}");
            }
            if (clock.Elapsed > HangGuard)
            {
                failures.Add($"seed {seed} (mutation {kind}) took {clock.Elapsed.TotalSeconds:F0} s: a hang, not a slow page");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Inputs} inputs failed:\n" + string.Join("\n", failures.Take(20)));
    }
}
