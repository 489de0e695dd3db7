using System.Diagnostics;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Log;

/// <summary>
/// Runs <c>Log/GoVerifier/main.go</c>: the log checked by Go's golang.org/x/mod/sumdb/note and tlog, an implementation
/// this project did not write. Built once per test run in GOPATH mode against Debian's golang-golang-x-mod-dev sources
/// (ARCHIVE_GOPATH overrides /usr/share/gocode), so it needs no network.
/// </summary>
internal static class GoVerifier
{
    public const string OptOut = "ARCHIVE_SKIP_GO_TESTS";
    private static readonly Lazy<Task<string>> Binary = new(BuildAsync);

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        await ExecAsync(await Binary.Value, args, []);

    private static async Task<string> BuildAsync()
    {
        var gopath = Environment.GetEnvironmentVariable("ARCHIVE_GOPATH") ?? "/usr/share/gocode";
        if (!Directory.Exists(Path.Combine(gopath, "src/golang.org/x/mod/sumdb/tlog")))
        {
            throw new InvalidOperationException($"The log tests check the log with Go's golang.org/x/mod/sumdb, not found under {gopath}. " +
                $"Install it (apt-get install golang-go golang-golang-x-mod-dev; .ci/run does), or set {OptOut}=1 to skip these tests " +
                "on this machine (CI never sets it).");
        }
        // Named by the run's process id, removed when the run ends (and, if it was killed, by the next run).
        foreach (var stale in Directory.GetDirectories(Path.GetTempPath(), "archive-goverify-*"))
        {
            if (int.TryParse(Path.GetFileName(stale)["archive-goverify-".Length..], out var pid) && pid != Environment.ProcessId
                && !LeftoverFolders.IsRunning(pid))
            {
                LeftoverFolders.TryDelete(stale);
            }
        }
        var directory = Path.Combine(Path.GetTempPath(), $"archive-goverify-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => LeftoverFolders.TryDelete(directory);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Log", "GoVerifier", "main.go"), Path.Combine(directory, "main.go"), overwrite: true);
        var binary = Path.Combine(directory, "goverify");
        var environment = new Dictionary<string, string> { ["GO111MODULE"] = "off", ["GOPATH"] = gopath, ["GOFLAGS"] = "" };
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GOCACHE")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HOME")))
        {
            environment["GOCACHE"] = Path.Combine(directory, "cache");
        }
        try
        {
            var (code, output) = await ExecAsync("go", ["build", "-o", binary, "main.go"], environment, directory);
            Assert.True(code == 0, $"go build of the verifier failed:\n{output}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"The log tests need the go command ({e.Message}): apt-get install golang-go " +
                $"golang-golang-x-mod-dev (.ci/run does), or set {OptOut}=1 to skip these tests on this machine (CI never sets it).", e);
        }
        return binary;
    }

    private static async Task<(int, string)> ExecAsync(string file, IEnumerable<string> args, Dictionary<string, string> environment,
        string? directory = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? "" };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await output + await error).Trim());
    }
}

/// <summary>A test that needs Go: it runs everywhere, and is skipped (visibly) only where ARCHIVE_SKIP_GO_TESTS=1.</summary>
public sealed class GoFactAttribute : FactAttribute
{
    public GoFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(GoVerifier.OptOut) == "1")
        {
            Skip = $"{GoVerifier.OptOut}=1: the Go verifier is not run on this machine.";
        }
    }
}
