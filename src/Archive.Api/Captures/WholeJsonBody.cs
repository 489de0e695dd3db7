using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Archive.Api.Captures;

/// <summary>
/// Endpoint metadata: the endpoint's JSON body is read whole, into one pooled buffer, before it is bound. An upload's body
/// is a page of hundreds of KiB in one JSON string. Bound straight from the connection (ASP.NET Core 10 reads JSON bodies
/// from the request's PipeReader), the string arrives in Kestrel's 4 KiB segments and System.Text.Json, which cannot
/// finish a token before its end arrives, scans the string again from its start at every read and unescapes it through
/// its multi-segment path. One contiguous buffer is scanned once, on the single-segment path.
/// </summary>
internal sealed class WholeJsonBody
{
    public static readonly WholeJsonBody Instance = new();

    private WholeJsonBody()
    {
    }
}

internal static class WholeJsonBodyMiddleware
{
    /// <summary>
    /// Reads the body of an endpoint marked <see cref="WholeJsonBody"/> when it declares its length (within the request's
    /// size limit) and is JSON; anything else is bound as before. A failed read is answered as the binder would have
    /// answered it (the status of Kestrel's <see cref="BadHttpRequestException"/>, 400 for an I/O error), so every refusal
    /// still becomes the same problem details.
    /// </summary>
    public static WebApplication UseWholeJsonBody(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var request = http.Request;
            if (http.GetEndpoint()?.Metadata.GetMetadata<WholeJsonBody>() is null
                || request.ContentLength is not (> 0 and var length)
                || length > Array.MaxLength
                || length > (http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? long.MaxValue)
                || !request.HasJsonContentType())
            {
                await next(http);
                return;
            }
            var buffer = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                var read = 0;
                try
                {
                    int n;
                    while (read < length && (n = await request.Body.ReadAsync(buffer.AsMemory(read, (int)length - read), http.RequestAborted)) > 0)
                    {
                        read += n;
                    }
                }
                catch (BadHttpRequestException e)
                {
                    http.Response.StatusCode = e.StatusCode;
                    return;
                }
                catch (IOException)
                {
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }
                var body = new ReadOnlyMemory<byte>(buffer, 0, read);
                http.Features.Set<IRequestBodyPipeFeature>(new BufferedBody(PipeReader.Create(new ReadOnlySequence<byte>(body))));
                // The html value unescaped once, here, rather than walked by the binder's reader and unescaped again.
                using var offered = JsonHtmlValue.Take(buffer.AsSpan(0, read)) is { } page ? JsonHtmlValue.Offer(page) : null;
                request.Body = new MemoryStream(buffer, 0, read, writable: false);
                await next(http);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        });
        return app;
    }

    private sealed class BufferedBody(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }
}
