using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Archive.Api.Tests.Lineage;

/// <summary>A real outlet on 127.0.0.1 for the archive's worker to fetch: each test serves its pages under paths of its own.</summary>
public sealed class PageOrigin : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Serves <paramref name="html"/> at <paramref name="path"/> and returns the page's URL.</summary>
    public Uri Serve(string path, string html)
    {
        _pages[path] = html;
        return new Uri(BaseUrl, path);
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(context => _pages.TryGetValue(context.Request.Path.Value ?? "", out var html)
            ? Results.Text(html, "text/html; charset=utf-8").ExecuteAsync(context)
            : Results.NotFound().ExecuteAsync(context));
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
