using Archive.Data.Lineage;
using Archive.Data.Stores;

namespace Archive.Api.Lineage;

internal static class LineageExtensions
{
    /// <summary>Lineage updates, the sweeper that finishes owed ones, and the lineage read other features show.</summary>
    public static IHostApplicationBuilder AddLineage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LineageOptions>().BindConfiguration("Lineage")
            .Validate(o => o.CommonKeyLimit >= 1, "Lineage:CommonKeyLimit must be 1 or more.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Lineage:SweepInterval must be positive.")
            .Validate(o => o.SweepAfter >= TimeSpan.Zero, "Lineage:SweepAfter may not be negative.")
            .ValidateOnStart();
        services.AddScoped<LineageService>();
        services.AddScoped<LineageMembers>();
        services.AddScoped<LineageEvidenceStore>();
        services.AddScoped<LineageStore>();
        services.AddSingleton<LineageSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LineageSweeper>());
        services.AddHostedService<LineageWarmUp>();
        services.AddScoped<LineageReader>();
        services.AddScoped<FamilyReads>();
        return builder;
    }
}
