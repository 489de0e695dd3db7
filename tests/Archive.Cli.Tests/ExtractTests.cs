using System.Text.Json;

namespace Archive.Cli.Tests;

/// <summary>Issue 11, front door 5: <c>archive extract</c> on a folder keys each page by its path within the folder.</summary>
public sealed class ExtractTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("archive-cli-extract-").FullName;

    // Seven cases/*/source.html were once all keyed "source", so six of them were lost from the output.
    private static readonly string[] Pages = ["source.html", "harbour/source.html", "railway/source.html", "railway/2024/source.html"];

    public ExtractTests()
    {
        foreach (var page in Pages)
        {
            var path = Path.Combine(_folder, page);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var title = $"Story kept in {page}";
            var paragraphs = string.Concat(Enumerable.Range(0, 6).Select(i =>
                $"<p>Paragraph {i} of the story kept in {page} tells how the council met and what the harbour board decided.</p>"));
            File.WriteAllText(path, $"<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>");
        }
    }

    [Fact]
    public async Task Pages_of_one_name_in_different_folders_keep_their_relative_paths_as_ids()
    {
        var run = await CliProcess.RunAsync("extract", _folder, "--format", "benchmark");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var output = JsonDocument.Parse(run.Stdout).RootElement;
        var ids = output.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["harbour/source", "railway/2024/source", "railway/source", "source"], ids);
        // Each id carries its own page, not one page four times.
        Assert.Equal(Pages.Length, output.EnumerateObject().Select(p => p.Value.GetProperty("title").GetString()).Distinct().Count());
        Assert.Contains("railway/2024/source.html", output.GetProperty("railway/2024/source").GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_lines_name_each_page_by_the_same_relative_id_and_its_path()
    {
        var run = await CliProcess.RunAsync("extract", _folder);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Pages.Length, lines.Count);
        Assert.Equal(Pages.Length, lines.Select(l => l.GetProperty("id").GetString()).Distinct().Count());
        var deep = Assert.Single(lines, l => l.GetProperty("id").GetString() == "railway/2024/source");
        Assert.Equal(Path.Combine(_folder, "railway", "2024", "source.html"), deep.GetProperty("path").GetString());
        Assert.StartsWith("sha256:", deep.GetProperty("contentHash").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
