namespace Archive.Cli.Tests;

/// <summary>Issue 11, front door 5: README's CLI lines use one build, so a reader never runs a stale Debug copy.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void Every_CLI_line_in_the_README_runs_the_Release_build()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Archive.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var lines = File.ReadAllLines(Path.Combine(root.FullName, "README.md"))
            .Where(l => l.Contains("src/Archive.Cli", StringComparison.Ordinal) || l.Contains("archive.dll", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains("-c Release", l, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Debug", StringComparison.Ordinal));
    }
}
