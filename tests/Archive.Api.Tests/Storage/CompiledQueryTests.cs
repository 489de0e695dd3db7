using System.Net;
using Archive.Api.Articles;
using Archive.Api.Lineage;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Data;
using Archive.Data.Replicas;
using Archive.Data.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// The compiled queries of the hot reads run on contexts of different models: the primary's and a read replica's contexts are
/// built from different options (the replica's carries its fallback interceptor), so EF Core gives each a model of its own,
/// and a query compiled once would refuse the second model it meets (what took replica reads to 500s once).
/// </summary>
public sealed class CompiledQueryTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly Outlet Gazette = new("Harbour Gazette", "harbourgazette.com");

    [Fact]
    public async Task Article_reads_answer_on_a_context_with_a_model_of_its_own()
    {
        var response = await factory.CreateClient().PostJsonAsync("/api/captures", new
        {
            url = Gazette.Url("ferry-timetable"),
            html = Gazette.Page("Ferry timetable changes", ["The ferry company published its winter timetable on Monday."], DateTimeOffset.UnixEpoch),
        });
        var id = (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await using var scope = factory.Services.CreateAsyncScope();
        var primary = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        var options = new DbContextOptionsBuilder<ArchiveDbContext>();
        options.ConfigureArchiveDb(factory.ConnectionString);
        options.AddInterceptors(new PassingInterceptor()); // as the replica's context does
        await using var other = new ArchiveDbContext(options.Options);
        Assert.NotSame(primary.Model, other.Model);

        // Both orders' second model is the one a single compiled delegate would refuse.
        foreach (var db in new[] { primary, other, primary })
        {
            var read = new ArchiveReadDb(db, new ReadRoute());
            var article = await new ArticleReader(read, new LineageReader(new FamilyReads(read)), new StoredAnswerReads(read)).ReadAsync(id, null, CancellationToken.None);
            Assert.NotNull(article);
            Assert.Equal(id, article.Id);
            Assert.NotNull(article.Log);
            var version = await db.ArticleVersions.AsNoTracking().SingleAsync(v => v.Id == article.VersionId);
            var capture = await db.Captures.AsNoTracking().SingleAsync(c => c.Id == version.CaptureId);
            var stored = await new ArticleReader(read, new LineageReader(new FamilyReads(read)), new StoredAnswerReads(read)).ReadStoredAsync(CaptureRef.Of(capture), version, article.Evidence,
                CancellationToken.None);
            Assert.Equal(article.Log, stored?.Log);
        }
    }

    [Fact]
    public async Task Api_keys_are_found_on_a_context_with_a_model_of_its_own()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var primary = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        var options = new DbContextOptionsBuilder<ArchiveDbContext>();
        options.ConfigureArchiveDb(factory.ConnectionString);
        options.AddInterceptors(new PassingInterceptor());
        await using var other = new ArchiveDbContext(options.Options);

        foreach (var db in new[] { primary, other, primary })
        {
            var principal = await Archive.Api.Access.ApiKeyAuthenticationHandler.PrincipalAsync(db, ArchiveApiFactory.AdminKey, CancellationToken.None);
            Assert.True(principal?.IsInRole(Archive.Api.Access.ApiKeyRoles.Admin));
            Assert.Null(await Archive.Api.Access.ApiKeyAuthenticationHandler.PrincipalAsync(db, "not-a-key", CancellationToken.None));
        }
    }

    private sealed class PassingInterceptor : DbConnectionInterceptor;
}
