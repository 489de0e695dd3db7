using Xunit.Abstractions;

namespace Archive.Api.Tests.Architecture;

/// <summary>
/// Feature folders depend one way only (the graph in docs/architecture.md, "Features depend one way"): a feature may use
/// another, never the other way round too, and the shared folder (Extensions) uses no feature. Read from the compiled
/// assembly, so a using, a qualified name or a lambda all count.
/// </summary>
public sealed class FeatureDependencyTests(ITestOutputHelper output)
{
    private static readonly SortedDictionary<string, SortedDictionary<string, string>> Graph = FeatureGraph.Of(typeof(Program).Assembly);

    [Fact]
    public void No_two_features_depend_on_each_other()
    {
        foreach (var (from, edges) in Graph)
        {
            output.WriteLine($"{from} -> {string.Join(", ", edges.Select(e => $"{e.Key} [{e.Value}]"))}");
        }
        var cycles = FeatureGraph.Cycles(Graph).Select(c => string.Join(" ⇄ ", c) + ": " + string.Join("; ",
            c.SelectMany(f => Graph[f].Where(e => c.Contains(e.Key)).Select(e => e.Value))));
        Assert.Empty(cycles);
    }

    [Fact]
    public void The_shared_extensions_use_no_feature() => Assert.Empty(Graph["Extensions"]);

    [Fact]
    public void The_scan_sees_constructor_parameters_method_bodies_and_lambdas()
    {
        // Ingestion's ingestor takes LineageService in its constructor; the captures endpoints call the job queue from a
        // static handler; the reader's pages call search from an async lambda.
        Assert.Contains("Lineage", Graph["Ingestion"].Keys);
        Assert.Contains("Jobs", Graph["Captures"].Keys);
        Assert.Contains("Search", Graph["Reader"].Keys);
    }

    [Fact]
    public void Cycles_are_found_direct_and_round_a_loop()
    {
        var graph = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["A"] = new(StringComparer.Ordinal) { ["B"] = "" },
            ["B"] = new(StringComparer.Ordinal) { ["A"] = "", ["C"] = "" },
            ["C"] = new(StringComparer.Ordinal) { ["D"] = "" },
            ["D"] = new(StringComparer.Ordinal) { ["E"] = "" },
            ["E"] = new(StringComparer.Ordinal) { ["C"] = "" },
            ["F"] = new(StringComparer.Ordinal) { ["A"] = "" },
        };

        Assert.Equal([["A", "B"], ["C", "D", "E"]], FeatureGraph.Cycles(graph).OrderBy(c => c[0], StringComparer.Ordinal));
    }
}
