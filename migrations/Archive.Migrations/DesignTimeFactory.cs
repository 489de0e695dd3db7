using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Archive.Migrations;

/// <summary>
/// Lets `dotnet ef` build the context without starting the host. The connection string comes from
/// ConnectionStrings__Archive; without it, the service's embedded default (src/Archive.Api/.data/postgres, found from
/// the folder holding Archive.sln) is used, which must be running (start the service once).
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ArchiveDbContext>
{
    public ArchiveDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Archive")
            ?? $"Host={EmbeddedDataDirectory()};Port=5432;Username=archive;Database=archive";
        var options = new DbContextOptionsBuilder<ArchiveDbContext>();
        options.ConfigureArchiveDb(connectionString);
        return new ArchiveDbContext(options.Options);
    }

    private static string EmbeddedDataDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
            {
                return Path.Combine(dir.FullName, "src", "Archive.Api", ".data", "postgres");
            }
        }
        return Path.GetFullPath(".data/postgres");
    }
}
