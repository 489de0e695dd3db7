using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Archive.Api.Access;

/// <summary>One fixed window per API key, or per client address without a key; refusals are 429 problems with Retry-After.</summary>
internal static class RateLimits
{
    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var options = http.RequestServices.GetRequiredService<IOptionsMonitor<AccessOptions>>().CurrentValue.RateLimit;
            var keyId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            // Liveness probes and the API's own description must stay reachable for anyone, however busy a caller is; and
            // the machine's own user, without a key, is not a stranger to throttle.
            if (!options.Enabled || http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/openapi")
                || http.Request.Path.StartsWithSegments("/docs") || (keyId is null && AccessRequirementHandler.IsLoopback(http)))
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }
            var (partition, permits) = keyId is not null
                ? ($"key:{keyId}", options.PermitLimit)
                : ($"ip:{http.Connection.RemoteIpAddress}", options.AnonymousPermitLimit);
            var windows = http.RequestServices.GetRequiredService<RateLimitWindows>();
            return RateLimitPartition.GetFixedWindowLimiter(partition, p =>
            {
                windows.Started(p, options.Window);
                return new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = options.Window, QueueLimit = 0 };
            });
        });
        limiter.OnRejected = async (context, ct) =>
        {
            var http = context.HttpContext;
            // The limiter's own RetryAfter is the whole window however much of it is left; say what is left.
            var keyId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            var partition = keyId is not null ? $"key:{keyId}" : $"ip:{http.Connection.RemoteIpAddress}";
            var left = http.RequestServices.GetRequiredService<RateLimitWindows>().Remaining(partition)
                ?? (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
            var seconds = Math.Max(1, (int)Math.Ceiling(left.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests.",
                    Detail = $"The rate limit for this caller is used up; try again in {seconds} s.",
                },
            });
        };
    }
}

/// <summary>
/// When each partition's fixed window began. A fixed-window limiter replenishes one whole window after it was made, then
/// every window after that, so what is left of the current one follows from its start.
/// </summary>
internal sealed class RateLimitWindows(TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Start, TimeSpan Window)> _windows = new();

    public void Started(string partition, TimeSpan window) => _windows[partition] = (time.GetTimestamp(), window);

    public TimeSpan? Remaining(string partition)
    {
        if (!_windows.TryGetValue(partition, out var w) || w.Window <= TimeSpan.Zero)
        {
            return null;
        }
        var elapsed = time.GetElapsedTime(w.Start);
        return w.Window - TimeSpan.FromTicks(elapsed.Ticks % w.Window.Ticks);
    }
}
