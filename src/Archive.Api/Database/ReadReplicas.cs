using System.Collections.Concurrent;
using System.Security.Claims;
using Archive.Data.Replicas;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Archive.Api.Database;

/// <summary>
/// Read endpoints on a streaming replica (<c>ConnectionStrings:ArchiveRead</c>), with read-your-writes: every answer to a
/// write carries the primary's WAL position after it (<c>Archive-Read-After</c>, as a header and a cookie, and remembered per
/// key or address for the marker's lifetime); a read that names a position the replica has not replayed reads the primary.
/// Design and guarantees: docs/scale-out.md.
/// </summary>
internal static class ReadReplicas
{
    public const string Marker = "Archive-Read-After";

    public static void AddReadReplica(this IHostApplicationBuilder builder, string primaryConnectionString)
    {
        var replica = builder.Configuration.GetConnectionString("ArchiveRead");
        if (string.IsNullOrWhiteSpace(replica))
        {
            return;
        }
        builder.Services.AddOptions<ReadReplicaOptions>().BindConfiguration("ReadReplica");
        builder.Services.AddSingleton(sp => new ReadReplica(primaryConnectionString, replica,
            sp.GetRequiredService<IOptions<ReadReplicaOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ReadReplica>>()));
        builder.Services.AddSingleton<WriteMarkers>();
        builder.Services.AddHostedService<ReplicaMonitor>();
    }

    /// <summary>After authentication (a key names the caller) and before the output cache and the endpoints.</summary>
    public static WebApplication UseReadReplica(this WebApplication app)
    {
        if (app.Services.GetService<ReadReplica>() is not { } replica)
        {
            return app;
        }
        var markers = app.Services.GetRequiredService<WriteMarkers>();
        app.Use(async (http, next) =>
        {
            var caller = Caller(http);
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
            {
                http.Response.OnStarting(() => MarkAsync(http, replica, markers, caller));
                await next(http);
                return;
            }
            var route = http.RequestServices.GetRequiredService<ReadRoute>();
            route.AllowReplica(Max(Parse(http.Request.Headers[Marker]), Parse(http.Request.Cookies[Marker]), markers.Last(caller)));
            try
            {
                await next(http);
            }
            catch (Exception e) when (route.ServedByReplica && !http.Response.HasStarted && LostReplica(e) is { } lost)
            {
                // The replica went away under a read (a pooled connection it had closed, a conflict with recovery): nothing
                // was answered yet, so answer the read again, from the primary, in a scope of its own.
                replica.MarkDown(lost.Message);
                await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                var services = http.RequestServices;
                http.RequestServices = scope.ServiceProvider;
                try
                {
                    await next(http);
                }
                finally
                {
                    http.RequestServices = services;
                }
            }
        });
        return app;
    }

    /// <summary>Whatever this request wrote has committed by the time its answer starts: name the position after it.</summary>
    private static async Task MarkAsync(HttpContext http, ReadReplica replica, WriteMarkers markers, string? caller)
    {
        NpgsqlLogSequenceNumber position;
        try
        {
            position = await replica.PrimaryPositionAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException)
        {
            return; // the primary is away: the write itself failed, there is nothing to read back
        }
        var lifetime = markers.Lifetime;
        http.Response.Headers[Marker] = position.ToString();
        http.Response.Cookies.Append(Marker, position.ToString(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = lifetime,
        });
        markers.Wrote(caller, position);
    }

    private static Npgsql.NpgsqlException? LostReplica(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true } lost)
            {
                return lost;
            }
        }
        return null;
    }

    /// <summary>The key when there is one, else the address; null when neither is known (no marker kept for it).</summary>
    private static string? Caller(HttpContext http) =>
        http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } key ? $"key:{key}"
        : http.Connection.RemoteIpAddress is { } address ? $"ip:{address}"
        : null;

    private static NpgsqlLogSequenceNumber Parse(string? text) =>
        text is not null && NpgsqlLogSequenceNumber.TryParse(text, out var position) ? position : default;

    private static NpgsqlLogSequenceNumber Max(params ReadOnlySpan<NpgsqlLogSequenceNumber> positions)
    {
        var max = default(NpgsqlLogSequenceNumber);
        foreach (var p in positions)
        {
            max = p > max ? p : max;
        }
        return max;
    }
}

/// <summary>
/// Each caller's last write position, for callers that keep neither the cookie nor the header (curl, scripts). It holds in
/// this process only; behind a load balancer without affinity such callers need the header or the cookie (docs/scale-out.md).
/// </summary>
internal sealed class WriteMarkers(IOptions<ReadReplicaOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (NpgsqlLogSequenceNumber Position, DateTimeOffset Until)> last = new();

    public TimeSpan Lifetime => options.Value.MarkerLifetime;

    public void Wrote(string? caller, NpgsqlLogSequenceNumber position)
    {
        if (caller is null)
        {
            return;
        }
        var until = time.GetUtcNow() + Lifetime;
        last.AddOrUpdate(caller, (position, until), (_, old) => (position > old.Position ? position : old.Position, until));
    }

    public NpgsqlLogSequenceNumber Last(string? caller) =>
        caller is not null && last.TryGetValue(caller, out var mark) && mark.Until > time.GetUtcNow() ? mark.Position : default;

    /// <summary>Forgets expired markers (called by the monitor), so the map holds only the last few seconds' writers.</summary>
    public void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (caller, mark) in last)
        {
            if (mark.Until <= now)
            {
                last.TryRemove(new KeyValuePair<string, (NpgsqlLogSequenceNumber, DateTimeOffset)>(caller, mark));
            }
        }
    }
}

/// <summary>Probes the replica every <see cref="ReadReplicaOptions.ProbeInterval"/>.</summary>
internal sealed class ReplicaMonitor(ReadReplica replica, WriteMarkers markers, IOptions<ReadReplicaOptions> options, TimeProvider time)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProbeInterval, time);
        do
        {
            try
            {
                await replica.ProbeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                replica.MarkDown(e.Message); // whatever went wrong, reads go to the primary; the monitor keeps probing
            }
            markers.Prune();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
