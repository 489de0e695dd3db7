using System.Net;
using Archive.Api.Tests.Hosting;

namespace Archive.Api.Tests.Scale;

/// <summary>One binary, three roles: a worker process serves its health check only; a role it does not know stops the start.</summary>
public sealed class RoleTests
{
    [Fact]
    public async Task A_worker_process_answers_health_and_refers_api_calls_elsewhere()
    {
        await using var processes = await ArchiveProcesses.CreateAsync();
        var (worker, url) = await processes.StartAsync("worker");
        using var client = ArchiveProcesses.Client(url);

        var response = await client.GetAsync("/api/articles");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("worker role", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(worker.HasExited);
    }

    [Fact]
    public async Task An_unknown_role_stops_the_start_with_one_line()
    {
        await using var process = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Archive"] = "Host=127.0.0.1;Port=1;Username=none;Password=none;Database=none",
        }, "--role", "fetcher");

        Assert.True(await process.WaitExitAsync(TimeSpan.FromMinutes(2)), "the service kept running with an unknown role");
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("'fetcher' is not a role", process.Stderr, StringComparison.Ordinal);
    }
}
