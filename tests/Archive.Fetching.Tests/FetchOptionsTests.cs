using Archive.Fetching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Archive.Fetching.Tests;

public sealed class FetchOptionsTests
{
    [Fact]
    public void Defaults_match_the_documented_contract()
    {
        var options = Bind([]);

        Assert.Equal(10 * 1024 * 1024, options.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal(5, options.MaxRedirects);
        Assert.Empty(options.AllowedNetworks);
        Assert.Equal("80,443,1024-65535", options.AllowedPorts);
        Assert.StartsWith("ArchiveBot/0.1 (+https://", options.ResolveUserAgent(), StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_section_fetching_sets_every_option()
    {
        var options = Bind(new()
        {
            ["Fetching:MaxBodyBytes"] = "1000",
            ["Fetching:Timeout"] = "00:00:05",
            ["Fetching:MaxRedirects"] = "2",
            ["Fetching:ContactUrl"] = "https://news-archive.example/about",
            ["Fetching:AllowedNetworks:0"] = "127.0.0.1/32",
            ["Fetching:AllowedPorts"] = "443",
            ["Fetching:DeniedPorts"] = "",
        });

        Assert.Equal(1000, options.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Equal(2, options.MaxRedirects);
        Assert.Equal("ArchiveBot/0.1 (+https://news-archive.example/about)", options.ResolveUserAgent());
        Assert.Equal(["127.0.0.1/32"], options.AllowedNetworks);
        Assert.Equal("443", options.AllowedPorts);
    }

    [Theory]
    [InlineData("Fetching:AllowedNetworks:0", "localhost")]
    [InlineData("Fetching:AllowedNetworks:0", "10.0.0.0/33")]
    [InlineData("Fetching:AllowedPorts", "80-")]
    [InlineData("Fetching:AllowedPorts", "0")]
    [InlineData("Fetching:DeniedPorts", "70000")]
    [InlineData("Fetching:MaxBodyBytes", "0")]
    [InlineData("Fetching:Timeout", "-00:00:01")]
    [InlineData("Fetching:Timeout", "2.00:00:00")]
    [InlineData("Fetching:MaxRedirects", "-1")]
    public void Invalid_settings_fail_validation(string key, string value) =>
        Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

    private static FetchOptions Bind(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddFetching();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<FetchOptions>>().Value;
    }
}
