using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Archive.Migrations;

/// <summary>
/// Lets `dotnet ef` build the context without starting the host. The connection string comes from
/// ConnectionStrings__Archive; without it the embedded default's socket under .data/postgres is used.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ArchiveDbContext>
{
    public ArchiveDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Archive")
            ?? $"Host={Path.GetFullPath(".data/postgres")};Port=5432;Username=archive;Database=archive";
        var options = new DbContextOptionsBuilder<ArchiveDbContext>();
        options.ConfigureArchiveDb(connectionString);
        return new ArchiveDbContext(options.Options);
    }
}
