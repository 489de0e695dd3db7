using System.Net;
using System.Net.Sockets;

namespace Archive.Cli.Tests;

/// <summary>Issue 11, front door 5: a failure is one line a user can act on, never a stack trace.</summary>
public sealed class ErrorTests
{
    /// <summary>A port on 127.0.0.1 nobody listens on: taken from the system, then let go.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Theory]
    [InlineData("show", "0b5f8a8e-8a53-4a53-9b0a-2f1f6d2c9d11")]
    [InlineData("show", "https://www.example.com/news/story")]
    [InlineData("submit", "https://www.example.com/news/story")]
    public async Task A_service_that_is_not_there_is_one_line_naming_it_and_no_stack_trace(string command, string argument)
    {
        var server = $"http://127.0.0.1:{ClosedPort()}";

        var run = await CliProcess.RunAsync(command, argument, "--server", server);

        Assert.NotEqual(0, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.Contains(server, line, StringComparison.Ordinal);
        Assert.Contains("refused", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://archive.example/")]
    [InlineData("not a url")]
    public async Task A_server_address_that_is_not_http_is_refused_by_name_without_a_stack_trace(string server)
    {
        var run = await CliProcess.RunAsync("show", "0b5f8a8e-8a53-4a53-9b0a-2f1f6d2c9d11", "--server", server);

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("--server", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_there_is_named_in_one_line()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"archive-cli-missing-{Guid.NewGuid():N}.html");

        var run = await CliProcess.RunAsync("extract", missing);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
