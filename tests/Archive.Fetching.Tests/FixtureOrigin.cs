using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Archive.Fetching.Tests;

/// <summary>
/// A real Kestrel origin on 127.0.0.1 with a random port, serving well-behaved and hostile pages.
/// It counts accepted TCP connections so tests can prove the fetcher never dialled it.
/// </summary>
public sealed class FixtureOrigin : IAsyncLifetime
{
    /// <summary>Tests run the fetcher with this cap; the hostile bodies below are built to exceed it.</summary>
    public const int TestMaxBodyBytes = 256 * 1024;

    public const string PlainHtml = "<!doctype html><html><head><title>Plain</title></head><body><p>Hello, archive.</p></body></html>";

    private WebApplication? _app;
    private int _connections;
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private int _dripped;
    private readonly byte[] _gzipPage = Compress(Encoding.UTF8.GetBytes(PlainHtml), s => new GZipStream(s, CompressionLevel.Optimal));
    private readonly byte[] _brotliPage = Compress(Encoding.UTF8.GetBytes(PlainHtml), s => new BrotliStream(s, CompressionLevel.Optimal));
    private readonly byte[] _gzipBomb = Compress(new byte[16 * 1024 * 1024], s => new GZipStream(s, CompressionLevel.SmallestSize));
    private readonly byte[] _brotliBomb = Compress(new byte[16 * 1024 * 1024], s => new BrotliStream(s, CompressionLevel.Fastest));

    public Uri BaseUrl { get; private set; } = null!;

    public int Port => BaseUrl.Port;

    public int Connections => Volatile.Read(ref _connections);

    public IHeaderDictionary? LastEchoedHeaders { get; private set; }

    public byte[] GzipBomb => _gzipBomb;

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            Interlocked.Increment(ref _connections);
            return next(connection);
        })));
        _app = builder.Build();
        MapRoutes(_app);
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

    public const string DeepText = "The story at the bottom of the page survives its wrapping.";

    /// <summary>A page whose story sits under <paramref name="levels"/> nested divs, left open (5 MB for a million).</summary>
    public static string DeepPage(int levels) =>
        "<!doctype html><html><head><title>Deep</title></head><body>" + string.Concat(Enumerable.Repeat("<div>", levels))
        + $"<p>{DeepText}</p></body></html>";

    /// <summary>How many bytes /drip has sent after its headers, over every request.</summary>
    public int Dripped => Volatile.Read(ref _dripped);

    public int Hits(string path) => _hits.TryGetValue(path, out var hits) ? hits : 0;

    private void MapRoutes(WebApplication app)
    {
        app.Use((context, next) =>
        {
            _hits.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, n) => n + 1);
            return next(context);
        });
        app.MapGet("/page", () => Results.Text(PlainHtml, "text/html; charset=utf-8"));
        app.MapGet("/deep/{levels:int}", (int levels) => Results.Text(DeepPage(levels), "text/html; charset=utf-8"));
        app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /private/\n", "text/plain"));
        app.MapGet("/private/page", () => Results.Text(PlainHtml, "text/html; charset=utf-8"));
        app.MapGet("/xhtml", () => Results.Text(PlainHtml, "application/xhtml+xml"));
        app.MapGet("/odd-headers", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "max-age=60,public";
            context.Response.Headers.Append("X-Repeated", "one");
            context.Response.Headers.Append("X-Repeated", "two");
            return new RawResult(Encoding.UTF8.GetBytes(PlainHtml), "TEXT/HTML;Charset=\"utf-8\"", null);
        });
        app.MapGet("/redirect/{hops:int}", (int hops) => hops switch
        {
            <= 1 => Results.Redirect("/page"),
            2 => Results.Redirect($"/redirect/{hops - 1}", permanent: true),
            _ => Results.Redirect(Url($"/redirect/{hops - 1}").ToString(), preserveMethod: true),
        });
        app.MapGet("/endless/{n:int}", (int n) => Results.Redirect($"/endless/{n + 1}"));
        app.MapGet("/to", (string url) => Results.Redirect(url));
        app.MapGet("/gzip", () => Encoded(_gzipPage, "gzip"));
        app.MapGet("/brotli", () => Encoded(_brotliPage, "br"));
        app.MapGet("/corrupt/gzip", () => Encoded([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0xff, 0xff], "gzip"));
        app.MapGet("/zstd", () => Encoded([0x28, 0xb5, 0x2f, 0xfd], "zstd"));
        app.MapGet("/bomb/gzip", () => Encoded(_gzipBomb, "gzip"));
        app.MapGet("/bomb/brotli", () => Encoded(_brotliBomb, "br"));
        app.MapGet("/latin1-label", () => Results.Bytes(Encoding.UTF8.GetBytes("<html><body>café – naïve</body></html>"),
            "text/html; charset=ISO-8859-1"));
        app.MapGet("/pdf", () => Results.Bytes("%PDF-1.7\n%\u00e2\u00e3"u8.ToArray(), "application/pdf"));
        app.MapGet("/png", () => Results.Bytes([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "image/png"));
        app.MapGet("/untyped/html", () => Untyped(Encoding.UTF8.GetBytes("\n  " + PlainHtml)));
        app.MapGet("/untyped/binary", () => Untyped([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]));
        app.MapGet("/status/{code:int}", (int code) => Results.Text($"<html><body>{code}</body></html>", "text/html", null, code));
        app.MapGet("/big/honest", (HttpContext context) => WriteBigAsync(context, declareLength: true));
        app.MapGet("/big/chunked", (HttpContext context) => WriteBigAsync(context, declareLength: false));
        app.MapGet("/drip", DripAsync);
        app.MapGet("/stall", (HttpContext context) => Task.Delay(Timeout.Infinite, context.RequestAborted));
        app.MapGet("/echo-headers", (HttpContext context) =>
        {
            LastEchoedHeaders = new HeaderDictionary(context.Request.Headers.ToDictionary());
            return Results.Text(PlainHtml, "text/html");
        });
    }

    private static RawResult Encoded(byte[] body, string encoding) => new(body, "text/html; charset=utf-8", encoding);

    private static RawResult Untyped(byte[] body) => new(body, null, null);

    private static async Task WriteBigAsync(HttpContext context, bool declareLength)
    {
        var total = TestMaxBodyBytes * 4;
        context.Response.ContentType = "text/html";
        if (declareLength)
        {
            context.Response.ContentLength = total;
        }

        var chunk = Encoding.ASCII.GetBytes(new string('x', 16 * 1024));
        for (var sent = 0; sent < total && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
        {
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        }
    }

    private async Task DripAsync(HttpContext context)
    {
        context.Response.ContentType = "text/html";
        await context.Response.WriteAsync("<html><body>", context.RequestAborted);
        while (!context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.WriteAsync(".", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            Interlocked.Increment(ref _dripped);
            await Task.Delay(100, context.RequestAborted);
        }
    }

    private static byte[] Compress(byte[] data, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Bytes exactly as given: no Content-Type unless asked for, Content-Encoding as declared.</summary>
    private sealed class RawResult(byte[] body, string? contentType, string? contentEncoding) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            if (contentEncoding is not null)
            {
                response.Headers.ContentEncoding = contentEncoding;
            }

            return response.Body.WriteAsync(body).AsTask();
        }
    }
}
