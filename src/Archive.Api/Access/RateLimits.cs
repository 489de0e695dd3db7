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
            // Liveness probes and the API's own description must stay reachable for anyone, however busy a caller is.
            if (!options.Enabled || http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/openapi")
                || http.Request.Path.StartsWithSegments("/docs"))
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }
            var keyId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            var (partition, permits) = keyId is not null
                ? ($"key:{keyId}", options.PermitLimit)
                : ($"ip:{http.Connection.RemoteIpAddress}", options.AnonymousPermitLimit);
            return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = options.Window,
                QueueLimit = 0,
            });
        });
        limiter.OnRejected = async (context, ct) =>
        {
            var http = context.HttpContext;
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests.",
                    Detail = $"The rate limit for this caller is used up; try again in {seconds} s.",
                },
            });
        };
    }
}
