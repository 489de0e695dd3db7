using System.Globalization;
using Archive.Api.Tests.Architecture;

namespace Archive.Api.Tests.Hosting;

/// <summary>
/// Runtime settings that have no runtimeconfig name ship as the image's environment (the Dockerfile), and the load bench
/// starts the service with the same ones (bench/service.sh reads them from there), so what is measured is what runs.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_image_gives_the_garbage_collector_a_gen0_budget_of_at_least_16_MiB()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(SourceScan.RepositoryRoot(), "Dockerfile"));
        var setting = Assert.Single(dockerfile, l => l.StartsWith("ENV DOTNET_GCgen0size=", StringComparison.Ordinal));
        // The runtime reads DOTNET_GC* values as hexadecimal, with or without 0x: "32" would be 50 bytes, not 32 MiB.
        var value = setting["ENV DOTNET_GCgen0size=".Length..].Trim();
        Assert.StartsWith("0x", value, StringComparison.Ordinal);
        var bytes = long.Parse(value[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.InRange(bytes, 16L << 20, 64L << 20);
    }

    [Fact]
    public void The_load_bench_starts_the_service_with_the_images_runtime_settings()
    {
        var service = File.ReadAllText(Path.Combine(SourceScan.RepositoryRoot(), "bench", "service.sh"));
        Assert.Contains("^ENV \\(DOTNET_", service, StringComparison.Ordinal);
        Assert.Contains("\"${runtime_env[@]}\" \"$@\" dotnet \"$api_dll\"", service, StringComparison.Ordinal);
    }
}
