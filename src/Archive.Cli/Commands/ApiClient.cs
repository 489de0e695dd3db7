using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;

namespace Archive.Cli.Commands;

/// <summary>The archive service over HTTP, for the commands that talk to it (submit, show).</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public static Option<Uri> ServerOption() => new("--server")
    {
        Description = "The archive service (default: $ARCHIVE_URL or http://localhost:8080).",
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("ARCHIVE_URL") ?? "http://localhost:8080"),
        // System.CommandLine has no parser of its own for Uri: without this, any --server value ended in a stack trace.
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var server) && (server.Scheme == Uri.UriSchemeHttp || server.Scheme == Uri.UriSchemeHttps))
            {
                return server;
            }
            result.AddError($"--server needs an http:// or https:// address, not '{text}'.");
            return null;
        },
    };

    public ApiClient(Uri server)
    {
        // Uploads of large WARCs take as long as they take; the server answers as soon as the body is stored.
        _http = new HttpClient(new UnreachableServer(server) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = server,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        // Keys travel in X-Api-Key; taken from the environment so they never show in shell history or process lists.
        if (Environment.GetEnvironmentVariable("ARCHIVE_API_KEY") is { Length: > 0 } key)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
    }

    public async Task<JsonElement> PostAsync(string path, object body, CancellationToken ct) =>
        await ReadAsync(await _http.PostAsJsonAsync(path, body, ct), ct);

    public async Task<JsonElement> PostContentAsync(string path, HttpContent content, CancellationToken ct) =>
        await ReadAsync(await _http.PostAsync(path, content, ct), ct);

    public async Task<JsonElement> GetAsync(string path, CancellationToken ct) => await ReadAsync(await _http.GetAsync(path, ct), ct);

    public async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode ? text : throw new ApiException(Describe(text, (int)response.StatusCode));
    }

    /// <summary>Streams a response body to a file (never held in memory); returns its size.</summary>
    public async Task<long> DownloadAsync(string path, string file, Action<long> progress, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiException(Describe(await response.Content.ReadAsStringAsync(ct), (int)response.StatusCode));
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await using var target = File.Create(file);
        var buffer = new byte[1 << 16];
        long total = 0, reported = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
            total += read;
            if (total - reported >= 1 << 20)
            {
                reported = total;
                progress(total);
            }
        }
        progress(total);
        return total;
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new ApiException(Describe(text, (int)response.StatusCode));
            }
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    /// <summary>A problem-details answer as one line: status, title, detail and field errors.</summary>
    private static string Describe(string body, int status)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            var title = problem.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return $"{status} {title} {detail}".Trim();
        }
        catch (JsonException)
        {
            return $"{status} {body}".Trim();
        }
    }
}

internal sealed class ApiException(string message) : Exception(message);

/// <summary>Turns "connection refused" and its kin into one line that names the server and what to do.</summary>
internal sealed class UnreachableServer(Uri server) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException($"cannot reach the archive at {server} ({CliErrors.Innermost(e)}). Start it " +
                "(dotnet run --project src/Archive.Api) or point --server / ARCHIVE_URL at it.");
        }
    }
}

internal static class CliErrors
{
    public static string Describe(Exception e) => e is ApiException ? e.Message : Innermost(e);

    public static string Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }
        return e.Message.TrimEnd('.');
    }
}
