using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Archive.Api.Tests.Interop;

/// <summary>A news site on 127.0.0.1 (random port, or a given one): articles served plain, gzip-encoded and chunked.</summary>
public sealed class NewsOrigin : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    public int Port { get; init; }

    public static string Article(string title, string sentence) => $"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
        <meta property="og:site_name" content="Local Gazette"></head><body><article><h1>{title}</h1>
        {string.Concat(Enumerable.Range(1, 6).Select(i => $"<p>{sentence} Paragraph {i} tells more of the story, with details a reader wants.</p>"))}
        </article></body></html>
        """;

    public Uri Url(string path) => new(BaseUrl, path);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        _app.MapGet("/news/{slug}", (string slug) =>
            Results.Text(Article($"Story {slug}", $"The council met on Tuesday about {slug}."), "text/html; charset=utf-8"));
        _app.MapGet("/old/{slug}", (string slug) => Results.Redirect($"/news/{slug}", permanent: true));
        _app.MapGet("/gzip/{slug}", async (string slug, HttpContext http) =>
        {
            // Sent gzip-encoded and chunked: the archive stores the decoded page and keeps the headers as received.
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(http.Response.Body, CompressionLevel.Fastest);
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Article($"Compressed {slug}", $"The harbour reopened after the storm near {slug}.")));
        });
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
