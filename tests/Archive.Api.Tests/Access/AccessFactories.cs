using System.Collections.Concurrent;
using System.Net;
using Archive.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Archive.Api.Tests.Access;

/// <summary>The service with every log line it writes kept in <see cref="Logs"/>, at every level.</summary>
public class LoggedApiFactory : ArchiveApiFactory
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
    }
}

/// <summary>Only two requests per key (or address) per minute.</summary>
public sealed class RateLimitedApiFactory : ArchiveApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Access:RateLimit:PermitLimit", "2"),
        new("Access:RateLimit:AnonymousPermitLimit", "2"),
        new("Access:RateLimit:Window", "00:01:00"),
    ];
}

public sealed class ReadsNeedKeyApiFactory : ArchiveApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Access:ReadsRequireKey", "true")];
}

/// <summary>
/// No key configured at all (open local mode). TestServer reports no client address, so requests get the address in
/// <see cref="ClientAddress"/>, as Kestrel would give a real caller.
/// </summary>
public class OpenLocalApiFactory : ArchiveApiFactory
{
    public IPAddress ClientAddress { get; set; } = IPAddress.Loopback;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => base.Settings.Where(s => s.Key != "ARCHIVE_ADMIN_KEY");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ClientAddressFilter(this)));
    }

    private sealed class ClientAddressFilter(OpenLocalApiFactory factory) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = factory.ClientAddress;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {properties} {exception}");
        }
    }
}
