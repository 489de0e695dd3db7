using System.Diagnostics;
using Archive.Data;

namespace Archive.Api.Database;

/// <summary>
/// The local default database: a PostgreSQL cluster of our own, started from the installed binaries
/// (initdb / pg_ctl), with its data and Unix socket in one folder and no TCP listener. Used when no
/// connection string is configured, so that README's first command needs no set-up.
/// PostgreSQL refuses to run as root, so as root the binaries run as the <c>postgres</c> system user.
/// </summary>
public sealed class EmbeddedPostgres(string dataDirectory, string? binDirectory = null)
{
    private const int Port = 5432;
    private const string User = "archive";

    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public string ConnectionString(string database) =>
        $"Host={DataDirectory};Port={Port};Username={User};Database={database};Maximum Pool Size=50";

    /// <summary>Initialises the cluster if needed and starts it unless it is already running. Returns true if this call started it.</summary>
    public async Task<bool> EnsureStartedAsync(CancellationToken ct = default)
    {
        var bin = binDirectory ?? FindBinDirectory()
            ?? throw new Extensions.StartupException(
                "PostgreSQL binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin or on PATH. " +
                "Install PostgreSQL (apt-get install postgresql) or set ConnectionStrings__Archive to an existing server.");
        Directory.CreateDirectory(Path.GetDirectoryName(DataDirectory)!);
        // Several processes (test projects run in parallel) may start the same cluster: serialise on a lock file.
        await using var gate = await AcquireLockAsync(DataDirectory + ".lock", ct);
        var asRoot = Environment.UserName == "root";
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            Directory.CreateDirectory(DataDirectory);
            if (asRoot)
            {
                await RunAsync("chown", ["postgres:postgres", DataDirectory], false, ct);
                if (await RunAsync("test", ["-x", DataDirectory], true, ct, allowFailure: true) != 0)
                {
                    throw new Extensions.StartupException(
                        $"The postgres user cannot reach {DataDirectory}: a parent folder is not traversable by other users. " +
                        "Make it so (chmod o+x) or set Database:DataDirectory to a folder under one that is.");
                }
            }
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", DataDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], asRoot, ct);
        }
        if (await RunAsync(Path.Combine(bin, "pg_ctl"), ["status", "-D", DataDirectory], asRoot, ct, allowFailure: true) == 0)
        {
            return false;
        }
        var settings = $"-c listen_addresses='' -c unix_socket_directories='{DataDirectory}' -p {Port} " +
            string.Join(' ', ServerSettings.Select(s => "-c " + s));
        await RunAsync(Path.Combine(bin, "pg_ctl"),
            ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"), "-o", settings], asRoot, ct);
        return true;
    }

    /// <summary>
    /// The server settings the cluster starts with beyond PostgreSQL's defaults (docker-compose.yml's <c>db</c> runs the same;
    /// docs/operations.md has the figures). Given on the command line, so they win over the cluster's postgresql.conf, and a
    /// cluster already running keeps what it was started with until it is restarted.
    /// </summary>
    internal static IReadOnlyList<string> ServerSettings { get; } =
    [
        "max_connections=200",
        // A page's first change after a checkpoint is written to the WAL whole (a full-page image: with 1 GB of WAL the
        // bench's checkpoints came every ~2 minutes, requested by WAL volume, and imaged the same index pages each time).
        // Spaced four times further apart, each hot page is imaged a quarter as often. The cost is disk for pg_wal under
        // sustained writes (up to max_wal_size) and a longer crash recovery (at most one interval of WAL is replayed).
        // shared_buffers stays PostgreSQL's 128 MB: 2 GB cost more CPU per upload than the evictions it saved (every
        // backend faults in each buffer page it touches for the first time; docs/operations.md).
        "max_wal_size=4GB",
        "checkpoint_timeout=15min",
    ];

    /// <summary>Creates <paramref name="database"/> if the cluster does not have it yet.</summary>
    public Task EnsureDatabaseAsync(string database, CancellationToken ct = default) =>
        DatabaseCreation.EnsureExistsAsync(ConnectionString("postgres"), database, ct);

    public async Task StopAsync()
    {
        var bin = binDirectory ?? FindBinDirectory();
        if (bin is not null)
        {
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["stop", "-m", "fast", "-D", DataDirectory], Environment.UserName == "root",
                CancellationToken.None, allowFailure: true);
        }
    }

    internal static string? FindBinDirectory()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
            : [];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        return installed.Concat(onPath).FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pg_ctl")));
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    private static async Task<int> RunAsync(string program, IReadOnlyList<string> args, bool asPostgresUser, CancellationToken ct,
        bool allowFailure = false)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
        return process.ExitCode;
    }
}
