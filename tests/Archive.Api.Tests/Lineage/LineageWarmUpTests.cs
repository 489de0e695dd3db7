using Archive.Api.Lineage;
using Archive.Api.Tests.Infrastructure;
using Archive.Data.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Archive.Api.Tests.Lineage;

/// <summary>The start-up warm-up runs the family path's engine and statements and leaves nothing stored.</summary>
public sealed class LineageWarmUpTests(LineageWarmUpTests.WarmUpApiFactory factory) : IClassFixture<LineageWarmUpTests.WarmUpApiFactory>
{
    public sealed class WarmUpApiFactory : ArchiveApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Lineage:WarmUp", "true")];
    }

    /// <summary>The relink the warm-up runs (the service's own, in a transaction it rolls back) resolved the pair: one link
    /// from the copy to the origin and one lineage entry naming both.</summary>
    [Fact]
    public async Task The_warm_ups_relink_links_the_copy_to_the_origin_and_owes_one_lineage_entry_naming_both()
    {
        var warmUp = factory.Services.GetServices<IHostedService>().OfType<LineageWarmUp>().Single();

        Assert.True(await warmUp.Completion.WaitAsync(TimeSpan.FromMinutes(2)));
        var decision = LineageWarmUp.Run();
        var relinked = Assert.IsType<LineageWarmUp.RelinkWrites>(warmUp.Written);
        var link = Assert.Single(relinked.Links);
        Assert.Equal((decision.Copy.Id, decision.Origin.Id), (link.RepublicationId, link.OriginId));
        var entry = Assert.Single(relinked.Entries);
        Assert.Equal(LogEntryKind.Lineage, entry.Kind);
        Assert.Equal(2, entry.ArticleIds.Length);
        Assert.Contains(decision.Copy.Id, entry.ArticleIds);
        Assert.Contains(decision.Origin.Id, entry.ArticleIds);
        Assert.Contains("\"derivedFrom\"", System.Text.Encoding.UTF8.GetString(entry.Entry), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_warm_up_runs_to_its_end_at_start_and_stores_nothing()
    {
        var warmUp = factory.Services.GetServices<IHostedService>().OfType<LineageWarmUp>().Single();

        Assert.True(await warmUp.Completion.WaitAsync(TimeSpan.FromMinutes(2)));
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "story_pairs", "lineage_links", "log_pending", "log_entries", "articles" })
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
        }
    }

    /// <summary>The first pair of a process paid for the relink's and the answer's first calls (site templates, the family
    /// read, the lineage JSON) when the warm-up stopped at the links' writes: it now goes as far as the answer.</summary>
    [Fact]
    public async Task The_warm_up_relinks_through_the_service_and_answers_with_the_copys_lineage()
    {
        var warmUp = factory.Services.GetServices<IHostedService>().OfType<LineageWarmUp>().Single();

        Assert.True(await warmUp.Completion.WaitAsync(TimeSpan.FromMinutes(2)));
        var decision = LineageWarmUp.Run();
        var lineage = Assert.IsType<ArticleLineage>(warmUp.AnswerLineage);
        Assert.Equal(decision.Origin.Id, lineage.DerivedFrom?.ArticleId);
        Assert.Equal(decision.Origin.Id, lineage.Origin?.ArticleId);
        Assert.NotEmpty(lineage.Evidence);
    }
}
