using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Archive.Reader.Tests.Infrastructure;

/// <summary>A news site on 127.0.0.1 for the archive's worker to fetch: fixed pages by path, 404 for anything else
/// (robots.txt included, which allows everything).</summary>
public sealed class NewsOrigin : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, string> _pages = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public NewsOrigin()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Add(string path, string html)
    {
        lock (_pages)
        {
            _pages[path] = html;
        }
        return $"http://127.0.0.1:{Port}{path}";
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            string? page;
            lock (_pages)
            {
                _pages.TryGetValue(context.Request.Url!.AbsolutePath, out page);
            }
            var body = Encoding.UTF8.GetBytes(page ?? "not found");
            context.Response.StatusCode = page is null ? 404 : 200;
            context.Response.ContentType = page is null ? "text/plain" : "text/html; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
