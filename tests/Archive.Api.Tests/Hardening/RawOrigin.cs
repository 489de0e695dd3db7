using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Archive.Api.Tests.Hardening;

/// <summary>
/// An origin on 127.0.0.1 that writes exactly the bytes it is given for each path and then closes the connection, so
/// tests can send what no well-behaved server would: bodies shorter than their Content-Length, header blocks past every
/// limit, unknown encodings, list-valued Content-Types.
/// </summary>
public sealed class RawOrigin : IAsyncLifetime, IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, byte[]> _responses = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

    /// <summary>Serves <paramref name="head"/> (status line and headers, without the blank line) and then <paramref name="body"/>.</summary>
    public void Serve(string path, string head, byte[] body)
    {
        lock (_responses)
        {
            _responses[path] = [.. Encoding.Latin1.GetBytes(head + "\r\nConnection: close\r\n\r\n"), .. body];
        }
    }

    public Task InitializeAsync()
    {
        _listener.Start();
        Serve("/robots.txt", "HTTP/1.1 404 Not Found\r\nContent-Length: 0", []);
        _loop = Task.Run(AcceptAsync);
        return Task.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }
                    request.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }
                var path = request.ToString().Split(' ')[1];
                byte[]? response;
                lock (_responses)
                {
                    _responses.TryGetValue(path, out response);
                }
                await stream.WriteAsync(response ?? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                await stream.FlushAsync();
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The fetcher hung up first: nothing to answer.
            }
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _stop.Dispose();
    }
}
