using System.Diagnostics;
using System.Text.Json;

namespace Archive.Api.Tests.Infrastructure;

/// <summary>
/// Runs the independent readers in tools/interop (npm warcio and jsonld, pinned by its package-lock.json) with Node.
/// Installs them with <c>npm ci</c> the first time if CI has not already done so.
/// </summary>
internal static class NodeTools
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tools", "interop");

    public static async Task<string> RunAsync(string script, params string[] args)
    {
        await EnsureInstalledAsync();
        var (code, stdout, stderr) = await ExecAsync("node", [Path.Combine(Folder, script), .. args]);
        Assert.True(code == 0, $"node {script} failed ({code}): {stderr}");
        return stdout;
    }

    /// <summary>check-warc.mjs: one JSON object per record, as warcio read it.</summary>
    public static async Task<List<JsonElement>> ReadWarcAsync(string path) =>
        (await RunAsync("check-warc.mjs", path)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (_installed || Directory.Exists(Path.Combine(Folder, "node_modules", "warcio")) && Directory.Exists(Path.Combine(Folder, "node_modules", "jsonld")))
            {
                _installed = true;
                return;
            }
            var (code, _, stderr) = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", Folder]);
            Assert.True(code == 0, $"npm ci in {Folder} failed: {stderr}");
            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static async Task<(int Code, string Stdout, string Stderr)> ExecAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Archive.sln not found above " + AppContext.BaseDirectory);
    }
}
