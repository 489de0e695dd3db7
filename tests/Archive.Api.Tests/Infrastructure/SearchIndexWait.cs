using Archive.Api.Search;
using Archive.Data.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Archive.Api.Tests.Infrastructure;

/// <summary>
/// Search rows are built after an upload's commit (SearchIndexer), so a test that searches right after uploading waits for
/// them, deterministically: the test hosts run the indexer to its end before each search request (<see cref="AddCaughtUpSearch"/>),
/// and a test reading <c>article_search</c> itself polls until nothing is owed, with a bound (<see cref="CaughtUpAsync"/>).
/// Tests of the lag itself (SearchIndexerTests) use a host without the hook.
/// </summary>
public static class SearchIndexWait
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Before every /api/search and /search request, every search row owed at that moment is built.</summary>
    public static IServiceCollection AddCaughtUpSearch(this IServiceCollection services) =>
        services.AddTransient<IStartupFilter, CaughtUpSearch>();

    /// <summary>Waits (polling, at most a minute) until the database owes no search row; throws past the bound.</summary>
    public static async Task CaughtUpAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + Bound;
        long owed;
        while ((owed = await SearchIndexing.OwedAsync(connection, CancellationToken.None)) > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{owed} search rows still owed after {Bound}");
            }
            await Task.Delay(20);
        }
    }

    private sealed class CaughtUpSearch : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextStep) =>
            {
                if (context.Request.Path.StartsWithSegments("/api/search") || context.Request.Path.StartsWithSegments("/search"))
                {
                    await context.RequestServices.GetRequiredService<SearchIndexer>().CatchUpAsync(context.RequestAborted);
                }
                await nextStep(context);
            });
            next(app);
        };
    }
}
