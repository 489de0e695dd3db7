using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Data;

public static class ArchiveDataExtensions
{
    /// <summary>The assembly that holds the EF Core migrations (its own project, see migrations/).</summary>
    public const string MigrationsAssembly = "Archive.Migrations";

    public static void ConfigureArchiveDb(this DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention();
    }

    public static IServiceCollection AddArchiveDb(this IServiceCollection services, Func<IServiceProvider, string> connectionString) =>
        services.AddDbContextPool<ArchiveDbContext>((sp, options) => options.ConfigureArchiveDb(connectionString(sp)));
}
