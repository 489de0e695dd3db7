using System.Diagnostics;

namespace Archive.Cli.Tests;

/// <summary>What one run of the CLI left: its exit code and everything it printed.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// The CLI as a user runs it: <c>archive.dll</c> (built beside the tests) in its own process, so its real entry point,
/// error handling and console output are what is checked, and tests running side by side share no console.
/// </summary>
internal static class CliProcess
{
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "archive.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The caller's own service address and key must not leak in.
        start.Environment.Remove("ARCHIVE_URL");
        start.Environment.Remove("ARCHIVE_API_KEY");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A bound on a hang only: a run takes a second or two, but a loaded shared machine may stretch that a lot.
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"archive {string.Join(' ', args)} did not end within 3 minutes");
        }
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);
}
