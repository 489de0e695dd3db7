using Archive.Data;

namespace Archive.Api.Log;

/// <summary>The transparency log: its key, the sequencer that integrates owed entries, the public reads and verification.</summary>
internal static class LogExtensions
{
    public static IHostApplicationBuilder AddLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LogOptions>().BindConfiguration("Log");
        builder.Services.AddSingleton<LogKey>();
        builder.Services.AddScoped<LogStore>();
        builder.Services.AddScoped<LogVerifier>();
        builder.Services.AddScoped<LogProofs>();
        builder.Services.AddSingleton<LogState>();
        builder.Services.AddSingleton<TileCache>();
        builder.Services.AddSingleton<LogSequencer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LogSequencer>());
        return builder;
    }

    public static WebApplication MapLog(this WebApplication app)
    {
        app.MapLogReads();
        app.MapVerification();
        return app;
    }
}
