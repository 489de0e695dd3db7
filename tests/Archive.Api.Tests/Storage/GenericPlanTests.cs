using System.Net;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Data;
using Archive.Data.Lineage;
using Archive.Data.Stores;
using Archive.Engine.Urls;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// The upload's lookups by an id or key array (the article by its URL keys, lineage's member read) are planned once per
/// session (BatchCommands.AddWithGenericPlan): left to the default, PostgreSQL planned them at every call, since the generic
/// plan's ten assumed elements always looked dearer than the one or two a call passes. Read from the session's own
/// prepared statements (pg_prepared_statements counts each statement's generic and custom plans).
/// </summary>
public sealed class GenericPlanTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly Outlet Gazette = new("Harbour Gazette", "harbourgazette.com");
    private const int Calls = 7;

    [Fact]
    public async Task The_article_lookup_and_the_member_read_use_a_generic_plan_and_give_the_setting_back()
    {
        var url = Gazette.Url("lock-gates");
        var response = await factory.CreateClient().PostJsonAsync("/api/captures",
            new { url, html = Gazette.Page("Lock gates replaced", ["The old lock gates were lifted out on Monday."], DateTimeOffset.UnixEpoch) });
        var id = (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await using var db = await PreparedStatements.OpenSessionAsync(factory.ConnectionString);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var members = new LineageEvidenceStore(db);
        for (var i = 0; i < Calls; i++)
        {
            var found = await CaptureStore.FindAsync(connection, [UrlKey.For(new Uri(url))], Gazette.Domain, CancellationToken.None);
            Assert.Equal(id, found.Article?.Id);
            Assert.Equal(id, Assert.Single(await members.MembersAsync([id], CancellationToken.None)).ArticleId);
        }

        foreach (var statement in new[] { "FROM article_urls u", "CROSS JOIN LATERAL" })
        {
            var prepared = await PreparedStatements.FindAsync(connection, statement);
            Assert.Equal(0, prepared.CustomPlans);
            // Prepared from its second use on.
            Assert.True(prepared.GenericPlans >= Calls - 2, $"{statement}: {prepared.GenericPlans} generic plans");
        }

        // Inside a transaction that asked for custom plans (lineage's family statements do), the read leaves that setting.
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)");
        await members.MembersAsync([id], CancellationToken.None);
        Assert.Equal("force_custom_plan",
            await db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync());
    }
}
