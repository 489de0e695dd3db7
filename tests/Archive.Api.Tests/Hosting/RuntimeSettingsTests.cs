using System.Globalization;
using Archive.Api.Tests.Architecture;

namespace Archive.Api.Tests.Hosting;

/// <summary>
/// Runtime settings that have no runtimeconfig name ship as the image's environment (the Dockerfile), and the load bench
/// starts the service with the same ones (bench/service.sh reads them from there), so what is measured is what runs;
/// `dotnet run` (README's command) gets them from the project's launch profile.
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
    public void The_image_keeps_the_C_allocator_to_two_arenas()
    {
        // Without it glibc gives each thread that mallocs an arena of its own (up to eight per core), and each keeps
        // what the thread freed: tens of MiB of the resident set under real-page uploads.
        var dockerfile = File.ReadAllLines(Path.Combine(SourceScan.RepositoryRoot(), "Dockerfile"));
        var setting = Assert.Single(dockerfile, l => l.StartsWith("ENV MALLOC_ARENA_MAX=", StringComparison.Ordinal));
        Assert.Equal("2", setting["ENV MALLOC_ARENA_MAX=".Length..].Trim());
    }

    [Fact]
    public void The_load_bench_starts_the_service_with_the_images_runtime_settings()
    {
        var service = File.ReadAllText(Path.Combine(SourceScan.RepositoryRoot(), "bench", "service.sh"));
        Assert.Contains("^ENV \\(\\(DOTNET\\|MALLOC\\)_", service, StringComparison.Ordinal);
        Assert.Contains("\"${runtime_env[@]}\" \"$@\" dotnet \"$api_dll\"", service, StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_names_every_runtime_setting_a_published_start_must_be_given()
    {
        // `dotnet Archive.Api.dll` after a publish gets runtimeconfig.json's settings, not the image's environment: README's
        // "Runtime setting" bullet is the only place that tells such a start what to set.
        var root = SourceScan.RepositoryRoot();
        var names = File.ReadAllLines(Path.Combine(root, "Dockerfile"))
            .Where(l => l.StartsWith("ENV DOTNET_", StringComparison.Ordinal) || l.StartsWith("ENV MALLOC_", StringComparison.Ordinal))
            .Select(l => l["ENV ".Length..].Trim())
            .ToList();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var start = readme.IndexOf("- **Runtime setting", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Runtime setting bullet");
        var end = readme.IndexOf("\n- **", start + 1, StringComparison.Ordinal);
        var bullet = readme[start..(end < 0 ? readme.Length : end)].Replace("\n", " ", StringComparison.Ordinal);
        Assert.NotEmpty(names);
        foreach (var setting in names)
        {
            Assert.Contains($"`{setting}`", bullet, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Dotnet_run_starts_the_service_with_the_images_runtime_settings()
    {
        var root = SourceScan.RepositoryRoot();
        var image = File.ReadAllLines(Path.Combine(root, "Dockerfile"))
            .Where(l => l.StartsWith("ENV DOTNET_", StringComparison.Ordinal) || l.StartsWith("ENV MALLOC_", StringComparison.Ordinal))
            .Select(l => l["ENV ".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim());
        using var launch = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "src", "Archive.Api", "Properties", "launchSettings.json")));
        // dotnet run takes the first profile.
        var profile = launch.RootElement.GetProperty("profiles").EnumerateObject().First().Value;
        Assert.Equal("Project", profile.GetProperty("commandName").GetString());
        var environment = profile.GetProperty("environmentVariables").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.NotEmpty(image);
        foreach (var (name, value) in image)
        {
            Assert.Equal(value, environment.GetValueOrDefault(name));
        }
    }
}
