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

    /// <summary>
    /// Reads the signing key and checks it can continue the database's log before the host starts, so a missing, malformed
    /// or wrong key ends the start with one line instead of the host's logged stack trace.
    /// </summary>
    public static Task PrepareLogAsync(this WebApplication app) =>
        LogSequencer.EnsureKeyContinuesLogAsync(app.Services.GetRequiredService<IServiceScopeFactory>(),
            app.Services.GetRequiredService<LogKey>(), CancellationToken.None);

    public static WebApplication MapLog(this WebApplication app)
    {
        app.MapLogReads();
        app.MapVerification();
        return app;
    }
}
