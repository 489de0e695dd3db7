using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Archive.Api.Tests.Hosting;

/// <summary>The service as its own process (the built Archive.Api.dll beside the tests), as a user starts it.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (_stdout) { return _stdout.ToString(); } } }

    public string Stderr { get { lock (_stderr) { return _stderr.ToString(); } } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ServiceProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Archive.Api.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The test run's own settings must not leak in: each test says where the service listens and which database it uses.
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "ConnectionStrings__Archive", "ASPNETCORE_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until GET /health at <paramref name="baseUrl"/> answers 200, or fails with what the process printed.</summary>
    public async Task WaitHealthyAsync(string baseUrl, TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the service exited with {(_process.HasExited ? _process.ExitCode : 0)}: {Stdout}\n{Stderr}");
            try
            {
                if ((await http.GetAsync($"{baseUrl}/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            // Not up yet, too: a connection the starting process accepts and drops can surface unwrapped from the
            // handler's connect ("Transport endpoint is not connected" from Socket.RemoteEndPoint; seen in a fresh-clone CI).
            catch (SocketException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        Assert.Fail($"the service did not answer at {baseUrl} within {within}: {Stdout}\n{Stderr}");
    }

    /// <summary>kill -9: the process ends at once, without shutting anything down.</summary>
    public void KillHard() => _process.Kill();

    public async Task<bool> WaitExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            _process.WaitForExit(); // flushes the redirected streams
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Append(StringBuilder sink, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (sink)
        {
            sink.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM, as a service manager stops it: the host shuts down and stops what it started.
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            if (!await WaitExitAsync(TimeSpan.FromSeconds(60)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
