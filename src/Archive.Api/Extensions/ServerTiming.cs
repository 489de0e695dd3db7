using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Archive.Api.Extensions;

/// <summary>
/// Named phases of one request's server-side work, sent as a <c>Server-Timing</c> header (W3C Server Timing) when
/// <c>ServerTiming:Enabled</c> is set, so a benchmark or a browser's developer tools see where a page's time goes without
/// the network's share. Off by default: the header tells any client how long the server worked.
/// </summary>
public sealed class ServerTiming
{
    private readonly List<(string Name, double Milliseconds, long Allocated)> _phases = [];
    private readonly List<(string Name, string Description)> _notes = [];

    /// <summary>Times the phase from now until the returned value is disposed.</summary>
    public Phase Measure(string name) => new(this, name, Stopwatch.GetTimestamp(), Allocated());

    public void Add(string name, double milliseconds, long allocated = -1)
    {
        lock (_phases)
        {
            _phases.Add((name, milliseconds, allocated));
        }
    }

    /// <summary>A metric without a duration (<c>name;desc="…"</c>): what a phase found, e.g. why lineage took its family
    /// path. The description is sent as a quoted string; quotes and backslashes in it are dropped.</summary>
    public void Note(string name, string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        lock (_phases)
        {
            _notes.Add((name, description.Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal)));
        }
    }

    /// <summary>Bytes the whole process has allocated so far. A phase's difference is its own allocation only while no other
    /// request runs (a benchmark's one request at a time); it is sent as the phase's <c>alloc</c> parameter so the cost of a
    /// page can be followed in bytes as well as in a time a loaded machine stretches.</summary>
    public static long Allocated() => GC.GetTotalAllocatedBytes(precise: false);

    public string Header(double total, long allocated = -1)
    {
        var header = new StringBuilder();
        lock (_phases)
        {
            foreach (var (name, ms, bytes) in _phases)
            {
                Append(header, name, ms, bytes).Append(", ");
            }
            foreach (var (name, description) in _notes)
            {
                header.Append(CultureInfo.InvariantCulture, $"{name};desc=\"{description}\", ");
            }
        }
        return Append(header, "total", total, allocated).ToString();
    }

    private static StringBuilder Append(StringBuilder header, string name, double ms, long allocated) =>
        allocated < 0
            ? header.Append(CultureInfo.InvariantCulture, $"{name};dur={ms:F2}")
            : header.Append(CultureInfo.InvariantCulture, $"{name};dur={ms:F2};alloc={allocated}");

    public readonly struct Phase(ServerTiming timing, string name, long started, long allocated) : IDisposable
    {
        public void Dispose() => timing.Add(name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, Allocated() - allocated);
    }
}

/// <summary><c>ServerTiming:Enabled</c>: whether the endpoints that time their phases send them (off by default).</summary>
public sealed class ServerTimingOptions
{
    public bool Enabled { get; set; }
}

/// <summary>
/// Times an endpoint from its handler's start to its response's last byte: the handler's phases, the result's writing as
/// <c>render</c>, and <c>total</c>. The body is buffered (pages are tens of KiB) because the header must precede it.
/// </summary>
/// <remarks>The filter is made for every request (AddEndpointFilter): the setting is read from the options' cached value, not
/// looked up in the configuration's providers and converted again each time.</remarks>
internal sealed class ServerTimingFilter(IOptionsMonitor<ServerTimingOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!options.CurrentValue.Enabled)
        {
            return await next(context);
        }
        var started = Stopwatch.GetTimestamp();
        var allocated = ServerTiming.Allocated();
        var result = await next(context);
        var timing = context.HttpContext.RequestServices.GetRequiredService<ServerTiming>();
        timing.Add("handler", Stopwatch.GetElapsedTime(started).TotalMilliseconds, ServerTiming.Allocated() - allocated);
        return result is IResult inner ? new Timed(inner, timing, started, allocated) : result;
    }

    private sealed class Timed(IResult inner, ServerTiming timing, long started, long allocated) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var body = response.Body;
            // Pooled 4 KiB pages, not a MemoryStream: a page of 160 KiB grew one through 128 and 256 KiB arrays on the large
            // object heap on every request, and the collections of that heap were part of what the header measured.
            await using var buffer = new FileBufferingWriteStream(memoryThreshold: 4 * 1024 * 1024);
            response.Body = buffer;
            var rendering = Stopwatch.GetTimestamp();
            var renderAllocated = ServerTiming.Allocated();
            try
            {
                await inner.ExecuteAsync(httpContext);
            }
            finally
            {
                response.Body = body;
            }
            var now = ServerTiming.Allocated();
            timing.Add("render", Stopwatch.GetElapsedTime(rendering).TotalMilliseconds, now - renderAllocated);
            response.Headers["Server-Timing"] = timing.Header(Stopwatch.GetElapsedTime(started).TotalMilliseconds, now - allocated);
            response.ContentLength = buffer.Length;
            await buffer.DrainBufferAsync(body, httpContext.RequestAborted);
        }
    }
}
