using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// The session the service's statements run in: no JIT compilation, whose cost a statement's estimate decides, and
/// estimates on tables not yet analyzed (a fresh archive's first minute) made the lineage check compile for ~60 ms.
/// </summary>
public sealed class SessionSettingsTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Fact]
    public async Task The_service_runs_its_statements_without_jit()
    {
        _ = factory.CreateClient();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        var jit = await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync();
        Assert.Equal("off", jit);
    }

    [Fact]
    public async Task A_pooled_session_keeps_jit_off_after_its_reset()
    {
        _ = factory.CreateClient();
        // The service's pool skips the reset (PooledSessionTests); a deployment may ask for it, and jit stays off through it.
        var connectionString = ArchiveDataExtensions.WithStatementPreparation(factory.ConnectionString + ";Maximum Pool Size=1;No Reset On Close=false");
        for (var i = 0; i < 2; i++)
        {
            // The second open takes the same physical connection back from the pool, after Npgsql's RESET ALL.
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var show = new NpgsqlCommand("SELECT current_setting('jit')", connection);
            Assert.Equal("off", (string?)await show.ExecuteScalarAsync());
            await using var set = new NpgsqlCommand("SET jit = on", connection);
            await set.ExecuteNonQueryAsync();
        }
    }

    [Theory]
    [InlineData("Host=db;Options=-c jit=on", "-c jit=on")]
    [InlineData("Host=db;Options=-c statement_timeout=5s", "-c statement_timeout=5s -c jit=off")]
    [InlineData("Host=db", "-c jit=off")]
    public void A_connection_string_that_sets_jit_itself_keeps_it(string given, string options)
    {
        Assert.Equal(options, new NpgsqlConnectionStringBuilder(ArchiveDataExtensions.WithoutJit(given)).Options);
    }
}
