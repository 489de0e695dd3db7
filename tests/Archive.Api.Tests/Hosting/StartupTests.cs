using System.Net;
using System.Net.Sockets;
using Archive.Api.Tests.Access;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Hosting;

/// <summary>How the service picks its port and how a start fails, run as a user runs it: the built service as a process.</summary>
public sealed class StartupTests
{
    private static readonly TimeSpan StartWithin = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("--urls")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    public async Task The_service_listens_where_the_caller_says(string how)
    {
        var port = ServiceProcess.FreePort();
        var database = await TestDatabase.NewDatabaseAsync();
        try
        {
            var environment = new Dictionary<string, string?> { ["ConnectionStrings__Archive"] = database };
            string[] args = [];
            switch (how)
            {
                case "ASPNETCORE_URLS":
                    environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
                    break;
                case "ASPNETCORE_HTTP_PORTS":
                    environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    args = ["--urls", $"http://127.0.0.1:{port}"];
                    break;
            }
            await using var service = ServiceProcess.Start(environment, args);

            await service.WaitHealthyAsync($"http://127.0.0.1:{port}", StartWithin);
        }
        finally
        {
            await TestDatabase.DropAsync(database);
        }
    }

    [Fact]
    public async Task A_busy_port_ends_the_start_with_one_line()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var database = await TestDatabase.NewDatabaseAsync();
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string?> { ["ConnectionStrings__Archive"] = database },
                "--urls", $"http://localhost:{port}");

            Assert.True(await service.WaitExitAsync(StartWithin), $"the service kept running: {service.Stdout}\n{service.Stderr}");

            Assert.Equal(1, service.ExitCode);
            var line = Assert.Single(service.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains($"localhost:{port}", line, StringComparison.Ordinal);
            Assert.Contains("already in use", line, StringComparison.Ordinal);
            Assert.Contains("ASPNETCORE_URLS", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", service.Stdout + service.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabase.DropAsync(database);
        }
    }

    [Fact]
    public async Task A_failed_start_says_why_in_one_line_and_stops_the_embedded_database_it_started()
    {
        // The embedded default (no connection string) in a folder of this test's own; the start fails after the cluster is
        // up and migrated, on an admin key too short to accept.
        var root = Path.Combine(Path.GetTempPath(), $"archive-startup-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var dataDirectory = Path.Combine(root, "postgres");
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["Database__DataDirectory"] = dataDirectory,
                ["Log__SigningKeyFile"] = Path.Combine(root, "log.key"),
                ["ARCHIVE_ADMIN_KEY"] = "short",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            });

            Assert.True(await service.WaitExitAsync(StartWithin), $"the service kept running: {service.Stdout}\n{service.Stderr}");

            Assert.Equal(1, service.ExitCode);
            var line = Assert.Single(service.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("ARCHIVE_ADMIN_KEY", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", service.Stdout + service.Stderr, StringComparison.Ordinal);
            Assert.Contains("(started)", service.Stdout, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), $"PostgreSQL is still running in {dataDirectory}");
        }
        finally
        {
            await StopLeftoverAsync(dataDirectory);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_log_key_that_did_not_sign_the_database_s_log_ends_the_start_with_one_line()
    {
        // The log's first checkpoint is signed by the key of the first start; a second start with another key of the same
        // name cannot continue that log and must say so in one line, not a stack trace.
        var root = Path.Combine(Path.GetTempPath(), $"archive-logkey-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var database = await TestDatabase.NewDatabaseAsync();
        try
        {
            var port = ServiceProcess.FreePort();
            var environment = new Dictionary<string, string?>
            {
                ["ConnectionStrings__Archive"] = database,
                ["Log__SigningKeyFile"] = Path.Combine(root, "first.key"),
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            };
            await using (var first = ServiceProcess.Start(environment))
            {
                await first.WaitHealthyAsync($"http://127.0.0.1:{port}", StartWithin);
            }

            environment["Log__SigningKeyFile"] = Path.Combine(root, "second.key");
            await using var second = ServiceProcess.Start(environment);

            Assert.True(await second.WaitExitAsync(StartWithin), $"the service kept running: {second.Stdout}\n{second.Stderr}");
            Assert.Equal(1, second.ExitCode);
            var line = Assert.Single(second.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("second.key", line, StringComparison.Ordinal);
            Assert.Contains("Log:SigningKeyFile", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", second.Stdout + second.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabase.DropAsync(database);
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("PRIVATE+KEY+elsewhere.example/log+00000000+AAAA", "not a log signing key")]
    [InlineData("named-elsewhere", "Log:Origin")]
    public async Task A_log_key_file_the_service_cannot_use_ends_the_start_with_one_line(string content, string expected)
    {
        var root = Path.Combine(Path.GetTempPath(), $"archive-logkey-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var keyFile = Path.Combine(root, "log.key");
        await File.WriteAllTextAsync(keyFile, content == "named-elsewhere"
            ? Archive.Transparency.Notes.NoteKeys.GenerateSignerKey("elsewhere.example/log") + "\n"
            : content + "\n");
        var database = await TestDatabase.NewDatabaseAsync();
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ConnectionStrings__Archive"] = database,
                ["Log__SigningKeyFile"] = keyFile,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            });

            Assert.True(await service.WaitExitAsync(StartWithin), $"the service kept running: {service.Stdout}\n{service.Stderr}");
            Assert.Equal(1, service.ExitCode);
            var line = Assert.Single(service.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains(keyFile, line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", service.Stdout + service.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabase.DropAsync(database);
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Should the test fail with the cluster up, stop it so it does not outlive the run.</summary>
    private static async Task StopLeftoverAsync(string dataDirectory)
    {
        if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            await new Archive.Api.Database.EmbeddedPostgres(dataDirectory).StopAsync();
        }
    }
}

public sealed class FreshStartTests(LoggedApiFactory factory) : IClassFixture<LoggedApiFactory>
{
    [Fact]
    public void A_fresh_start_on_an_empty_database_logs_no_error()
    {
        _ = factory.CreateClient();

        var errors = factory.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));

        Assert.Empty(errors);
    }
}
