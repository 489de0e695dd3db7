using System.Net;
using Archive.Fetching.Politeness;
using Archive.Fetching.Robots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Archive.Fetching;

public static class FetchingExtensions
{
    /// <summary>
    /// Registers <see cref="FetchOptions"/> (section "Fetching"), <see cref="FetchPolicy"/>, the default
    /// <see cref="IHostResolver"/>, the typed client <see cref="PageFetcher"/> on a guarded <see cref="SocketsHttpHandler"/>,
    /// and politeness (section "Politeness"): the per-host <see cref="HostGate"/> and the <see cref="RobotsPolicy"/>.
    /// </summary>
    public static IServiceCollection AddFetching(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<FetchOptions>().BindConfiguration(FetchOptions.SectionName).ValidateOnStart();
        services.AddOptions<PolitenessOptions>().BindConfiguration(PolitenessOptions.SectionName);
        services.TryAddSingleton<HostGate>();
        services.TryAddSingleton<IHostGate>(sp => sp.GetRequiredService<HostGate>());
        services.TryAddSingleton<RobotsPolicy>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FetchOptions>, FetchOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<ISocketConnector, SocketConnector>();
        services.TryAddSingleton<FetchPolicy>();
        services.TryAddSingleton<GuardedConnector>();

        // Retries belong to the job queue, and a blanket resilience handler (ConfigureHttpClientDefaults) would
        // retry refusals and stretch the deadline, so this client opts out of any. The API is marked experimental
        // in Http.Resilience 10.0; if it goes away, keep resilience defaults off this client some other way.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<PageFetcher>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(CreateHandler)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return services;
    }

    private static SocketsHttpHandler CreateHandler(IServiceProvider services)
    {
        var connector = services.GetRequiredService<GuardedConnector>();
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // A proxy would make the guard check the proxy's address instead of the target's.
            UseProxy = false,
            Credentials = null,
            PreAuthenticate = false,
            // ContentDecoding does this so the archived headers keep Content-Encoding and Content-Length.
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseDrainSize = 64 * 1024,
            // Bounds how long a pooled connection (to an address checked when it was opened) is reused, even if a
            // caller keeps one PageFetcher for the life of the process.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = connector.ConnectAsync,
        };
    }
}
