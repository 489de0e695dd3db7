using System.Data.Common;
using System.Net;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Captures;

/// <summary>The service with a count of the database connections its upload requests take from the pool.</summary>
public sealed class CountingApiFactory : ArchiveApiFactory
{
    public OpenCounter Opens { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpContextAccessor();
            services.ConfigureDbContext<ArchiveDbContext>((sp, options) =>
                options.AddInterceptors(Opens.For(sp.GetRequiredService<IHttpContextAccessor>())));
        });
    }

    /// <summary>Counts the opens of a context's connection (each a connection taken from the pool, and reset when it
    /// goes back) made while serving POST /api/captures.</summary>
    public sealed class OpenCounter : DbConnectionInterceptor
    {
        private IHttpContextAccessor? _http;
        private int _opens;

        public int Uploads => Volatile.Read(ref _opens);

        public OpenCounter For(IHttpContextAccessor http)
        {
            _http = http;
            return this;
        }

        public void Reset() => Interlocked.Exchange(ref _opens, 0);

        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            Count();
            return result;
        }

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Count();
            return ValueTask.FromResult(result);
        }

        private void Count()
        {
            if (_http?.HttpContext?.Request is { Method: "POST" } request && request.Path == "/api/captures")
            {
                Interlocked.Increment(ref _opens);
            }
        }
    }
}

/// <summary>
/// An upload takes two connections from the pool: the API key's lookup (before extraction) and one for everything it stores
/// and links; one that joins a family takes a third for the answer's reads after the log pass (an article in no family is
/// answered from what it stored, see UploadAnswerTests). Not one per statement, each of which cost a session reset
/// when it was taken again. The connection is let go before the wait for the log pass, which takes its own from the same
/// pool (holding it there starved the pass: LogTests' concurrent uploads).
/// </summary>
public sealed class UploadConnectionTests(CountingApiFactory factory) : IClassFixture<CountingApiFactory>
{
    private static readonly Outlet Courier = new("Valley Courier", "valleycourier.com");
    private static readonly Outlet Gazette = new("Harbour Gazette", "harbourgazette.com");

    [Fact]
    public async Task An_upload_takes_one_connection_to_store_and_link_and_one_to_answer_only_when_it_joins_a_family()
    {
        var client = factory.CreateClient();
        var quarry = new Story(1601, "Quarry road to close to lorries");
        var bus = new Story(1602, "School bus route changes");
        await Upload(client, Courier.Url("quarry-road"), Courier.Page(quarry.Title, quarry.Paragraphs, DateTimeOffset.UnixEpoch));

        factory.Opens.Reset();
        // A new story, and a copy of the first on another site: lineage's family update runs too.
        await Upload(client, Courier.Url("school-bus"), Courier.Page(bus.Title, bus.Paragraphs, DateTimeOffset.UnixEpoch));
        var copy = await Upload(client, Gazette.Url("quarry-road-copy"), Gazette.Page(quarry.Title, quarry.Paragraphs, DateTimeOffset.UnixEpoch.AddDays(1)));
        Assert.Equal("verbatim", copy.GetProperty("lineage").GetProperty("kind").GetString());

        // The key's lookup and storing with lineage for each; the copy's answer reads its family.
        Assert.Equal(5, factory.Opens.Uploads);
    }

    private static async Task<System.Text.Json.JsonElement> Upload(HttpClient client, string url, string html) =>
        await (await client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created);
}
