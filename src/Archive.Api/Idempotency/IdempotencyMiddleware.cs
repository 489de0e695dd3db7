using System.Security.Cryptography;
using System.Text;
using Archive.Api.Captures;
using Archive.Data.Stores;
using Microsoft.Extensions.Options;

namespace Archive.Api.Idempotency;

public sealed class IdempotencyOptions
{
    /// <summary>How long a first answer is kept for retries; after that the key may be used afresh.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// A POST with an Idempotency-Key header is answered once: a retry with the same key and the same request (method, path,
/// body) from the same caller gets the stored first answer; the same key with another request is a 422 problem; a retry
/// while the first is still running is a 409 problem. Server errors are not stored, so they can be retried.
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next, IOptions<IdempotencyOptions> options, TimeProvider time)
{
    public const string HeaderName = "Idempotency-Key";
    private const int MaxKeyLength = 200;
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext http, IdempotencyStore store)
    {
        // Submissions only: replaying POST /api/keys would mean storing a key's secret.
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.StartsWithSegments("/api/captures", StringComparison.OrdinalIgnoreCase)
            || !http.Request.Headers.TryGetValue(HeaderName, out var header))
        {
            await next(http);
            return;
        }
        var key = header.ToString();
        if (key.Length is 0 or > MaxKeyLength)
        {
            await Problem(http, StatusCodes.Status400BadRequest, "The Idempotency-Key is not valid.",
                $"An Idempotency-Key must be 1 to {MaxKeyLength} characters long.");
            return;
        }
        var requestHash = await HashRequestAsync(http.Request);
        // A key holder's keys are its own. Callers without a key (open local mode) cannot be told apart, so their keys are
        // scoped by the request too: a retry of the same request is answered once, but no caller can block, or be answered
        // with, another's different request under the same key.
        var caller = Submitter.Of(http) is var submitter && submitter.StartsWith("key:", StringComparison.Ordinal)
            ? submitter : $"{submitter}:{requestHash}";
        var now = time.GetUtcNow();
        var expired = now - options.Value.Retention;
        // A first request still "running" after this long died with its process; its key is free again.
        var abandoned = now - AbandonedAfter;
        await store.ForgetStaleAsync(caller, key, expired, abandoned, http.RequestAborted);
        if (!await store.TryClaimAsync(caller, key, requestHash, now, http.RequestAborted))
        {
            await ReplayAsync(http, store, caller, key, requestHash);
            return;
        }
        await RunAndStoreAsync(http, store, caller, key);
    }

    private async Task RunAndStoreAsync(HttpContext http, IdempotencyStore store, string caller, string key)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        var stored = false;
        try
        {
            await next(http);
            var response = http.Response;
            if (response.StatusCode < 500)
            {
                var body = buffer.ToArray();
                string? contentType = response.ContentType, location = response.Headers.Location.ToString() is { Length: > 0 } l ? l : null;
                await store.StoreAnswerAsync(caller, key, response.StatusCode, contentType, location, body, CancellationToken.None);
                stored = true;
            }
        }
        finally
        {
            http.Response.Body = original;
            if (!stored)
            {
                // Nothing worth replaying: free the key so the caller's retry runs again.
                await store.ReleaseAsync(caller, key, CancellationToken.None);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyStore store, string caller, string key, string requestHash)
    {
        var first = await store.FindAsync(caller, key, http.RequestAborted);
        if (first is null)
        {
            await Problem(http, StatusCodes.Status409Conflict, "The first request with this Idempotency-Key just ended.", "Retry the request.");
            return;
        }
        if (first.RequestHash != requestHash)
        {
            await Problem(http, StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was already used for another request.",
                $"Idempotency-Key '{key}' was first sent with a different method, path or body; use a new key for a new request.");
            return;
        }
        if (first.StatusCode is not { } status)
        {
            http.Response.Headers.RetryAfter = "1";
            await Problem(http, StatusCodes.Status409Conflict, "The first request with this Idempotency-Key is still running.",
                "Retry the request shortly to get its answer.");
            return;
        }
        http.Response.StatusCode = status;
        http.Response.ContentType = first.ContentType;
        if (first.Location is not null)
        {
            http.Response.Headers.Location = first.Location;
        }
        http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.Body.WriteAsync(first.ResponseBody ?? [], http.RequestAborted);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static Task Problem(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}

internal static class IdempotencyExtensions
{
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration("Idempotency");
        builder.Services.AddScoped<IdempotencyStore>();
        return builder;
    }

    /// <summary>After authorization, so refused requests are never stored and the caller is known.</summary>
    public static WebApplication UseIdempotency(this WebApplication app)
    {
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }
}
