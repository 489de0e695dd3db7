using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Replicas;

/// <summary>
/// A real PostgreSQL primary and a streaming replica of it, made by <c>pg_basebackup -R</c> from the installed server
/// binaries, on ports 55433–55439 under a temp folder; as root they run as the <c>postgres</c> user. The primary is a cluster
/// of the fixture's own, not the suite's server: a base backup copies the whole cluster (gigabytes on a machine that keeps
/// bench databases) and a replication slot left on a shared server by a killed run would hold its WAL for good.
/// </summary>
public sealed class StreamingReplica : IAsyncLifetime
{
    private const int FirstPort = 55433;
    private const int LastPort = 55439;
    private const string User = "archive";
    private static readonly bool AsRoot = Environment.UserName == "root";
    private readonly string root = Path.Combine(Path.GetTempPath(), $"archive-replica-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public static string? BinDirectory { get; } = Archive.Api.Database.EmbeddedPostgres.FindBinDirectory() is { } bin
        && File.Exists(Path.Combine(bin, "pg_basebackup")) ? bin : null;

    public int PrimaryPort { get; private set; }

    public int ReplicaPort { get; private set; }

    private string PrimaryData => Path.Combine(root, "primary");

    private string ReplicaData => Path.Combine(root, "replica");

    public string PrimaryConnectionString(string database) => Connection(PrimaryPort, database);

    public string ReplicaConnectionString(string database) => Connection(ReplicaPort, database);

    public async Task InitializeAsync()
    {
        var bin = BinDirectory ?? throw new InvalidOperationException("pg_basebackup not found");
        RemoveLeftovers(bin);
        Directory.CreateDirectory(root);
        if (AsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", root], asPostgres: false);
        }
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", PrimaryData, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        PrimaryPort = await StartOnFreePortAsync(bin, PrimaryData, FirstPort);
        await RunAsync(Path.Combine(bin, "pg_basebackup"),
            ["-h", "127.0.0.1", "-p", $"{PrimaryPort}", "-U", User, "-D", ReplicaData, "-R", "-X", "stream", "-c", "fast"]);
        ReplicaPort = await StartOnFreePortAsync(bin, ReplicaData, PrimaryPort + 1);
    }

    public Task StopReplicaAsync() => RunAsync(Path.Combine(BinDirectory!, "pg_ctl"), ["stop", "-m", "immediate", "-w", "-D", ReplicaData]);

    public Task StartReplicaAsync() => StartAsync(BinDirectory!, ReplicaData, ReplicaPort);

    /// <summary>Runs SQL on the replica's <c>postgres</c> database (pausing and resuming replay).</summary>
    public async Task<object?> OnReplicaAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ReplicaConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await StopAllAsync(BinDirectory!, root);
        LeftoverFolders.TryDelete(root);
    }

    private static string Connection(int port, string database) =>
        $"Host=127.0.0.1;Port={port};Username={User};Database={database};Maximum Pool Size=20";

    private async Task<int> StartOnFreePortAsync(string bin, string data, int from)
    {
        for (var port = from; port <= LastPort; port++)
        {
            if (!IsFree(port))
            {
                continue;
            }
            try
            {
                await StartAsync(bin, data, port);
                return port;
            }
            catch (InvalidOperationException) when (!IsFree(port))
            {
                // Another run took the port between the check and the start: try the next one.
            }
        }
        throw new InvalidOperationException($"No free port in {FirstPort}-{LastPort} for a test cluster.");
    }

    private Task StartAsync(string bin, string data, int port) =>
        RunAsync(Path.Combine(bin, "pg_ctl"), ["start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(data, "server.log"), "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='{root}' -c fsync=off -c max_connections=100"]);

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Clusters of runs that were killed before their teardown: stop them and free their ports.</summary>
    private static void RemoveLeftovers(string bin)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "archive-replica-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length == 4 && int.TryParse(parts[2], out var pid) && !LeftoverFolders.IsRunning(pid))
            {
                StopAllAsync(bin, dir).GetAwaiter().GetResult();
                LeftoverFolders.TryDelete(dir);
            }
        }
    }

    private static async Task StopAllAsync(string bin, string dir)
    {
        foreach (var data in new[] { "replica", "primary" }.Select(d => Path.Combine(dir, d)))
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"), ["stop", "-m", "immediate", "-w", "-D", data], allowFailure: true);
            }
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> args, bool asPostgres = true, bool allowFailure = false)
    {
        var runAs = asPostgres && AsRoot;
        var start = new ProcessStartInfo(runAs ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (runAs ? ["-u", "postgres", "--", program] : Array.Empty<string>()).Concat(args))
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args)}: exit {process.ExitCode}: {await error}{await output}");
        }
    }
}

/// <summary>A test that needs PostgreSQL's server binaries with pg_basebackup; .ci/run installs them.</summary>
public sealed class ReplicaFactAttribute : FactAttribute
{
    public ReplicaFactAttribute()
    {
        if (StreamingReplica.BinDirectory is null)
        {
            Skip = "PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed: apt-get install postgresql.";
        }
    }
}
