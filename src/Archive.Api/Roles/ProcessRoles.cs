using Archive.Api.Extensions;

namespace Archive.Api.Roles;

/// <summary>
/// What this process does, from <c>Archive:Role</c> (environment <c>Archive__Role</c>, or <c>--role</c> on the command line):
/// <c>api</c> serves HTTP, <c>worker</c> works the background queues, <c>all</c> (the default) both. One binary scales its API
/// and its fetchers separately: run many of each on one database.
/// </summary>
/// <remarks>
/// The worker role runs the fetch worker (job queue, fetchers, politeness) and the sweeper of owed lineage updates: work
/// nobody waits on. Every role runs the log sequencer, because an upload answers with its log index only after a pass that
/// includes its entry, and a pass in another process cannot be awaited; passes of all processes serialise on one advisory
/// lock, so more sequencers never change the log, only who integrates an entry. The lineage update of an upload runs in the
/// request that stored it (api); the one of a fetched page in the worker that fetched it. WARC imports run in the process
/// whose endpoint accepted them (api): the import endpoint hands them to an in-process runner (which, in every role,
/// resumes unfinished imports at start).
/// </remarks>
public sealed class ProcessRoles
{
    public const string ConfigurationKey = "Archive:Role";

    public ProcessRoles(bool servesApi, bool runsWorker)
    {
        ServesApi = servesApi;
        RunsWorker = runsWorker;
    }

    /// <summary>Serves the HTTP API and the reader.</summary>
    public bool ServesApi { get; }

    /// <summary>Works the fetch queue and sweeps owed lineage updates.</summary>
    public bool RunsWorker { get; }

    public string Name => (ServesApi, RunsWorker) switch
    {
        (true, true) => "all",
        (true, false) => "api",
        _ => "worker",
    };

    /// <summary>Reads a role: <c>api</c>, <c>worker</c>, <c>all</c>, or a comma-separated list of the first two.</summary>
    public static ProcessRoles Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new ProcessRoles(true, true);
        }
        bool api = false, worker = false;
        foreach (var part in value.Split([',', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (part.ToLowerInvariant())
            {
                case "api":
                    api = true;
                    break;
                case "worker":
                    worker = true;
                    break;
                case "all":
                    api = worker = true;
                    break;
                default:
                    throw new StartupException($"{ConfigurationKey} '{value}' is not a role: use api, worker or all (--role api|worker|all).");
            }
        }
        return new ProcessRoles(api, worker);
    }
}

internal static class ProcessRolesExtensions
{
    /// <summary>
    /// Reads the role (<c>--role</c> wins over configuration and environment) and registers it. Call before anything that
    /// registers a background service reads it.
    /// </summary>
    public static ProcessRoles AddRoles(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--role"] = ProcessRoles.ConfigurationKey });
        ProcessRoles roles;
        try
        {
            roles = ProcessRoles.Parse(builder.Configuration[ProcessRoles.ConfigurationKey]);
        }
        catch (StartupException e)
        {
            // Nothing has started yet (no database, no port): one line and exit code 1, as for every setting the service
            // cannot start with.
            Console.Error.WriteLine($"Cannot start: {e.Message}");
            Environment.Exit(1);
            throw;
        }
        builder.Services.AddSingleton(roles);
        return roles;
    }

    /// <summary>A worker-only process answers its health check and nothing else: its API is served by the api processes.</summary>
    public static WebApplication UseRoles(this WebApplication app)
    {
        var roles = app.Services.GetRequiredService<ProcessRoles>();
        app.Logger.LogInformation("Process role: {Role}", roles.Name);
        if (!roles.ServesApi)
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                {
                    await next(context);
                    return;
                }
                await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not served by this process",
                    detail: "This process runs the worker role (Archive:Role=worker): it serves /health only. Ask an api process.")
                    .ExecuteAsync(context);
            });
        }
        return app;
    }
}
