using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Archive.Api.Captures;
using Archive.Api.Extensions;
using Archive.Fetching;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// An upload's page is a buffer from the shared pool that its request owns: the validation filter gives it back when it refuses
/// the request (the handler never runs), and leaves it to the handler when it lets the request through.
/// </summary>
public sealed class RefusedUploadTests
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton<IValidator<CaptureRequest>>(new CaptureRequestValidator(TimeProvider.System, new FetchPolicy(Options.Create(new FetchOptions()))))
        .BuildServiceProvider();

    [Theory]
    [InlineData("2999-01-01T00:00:00Z", false)]
    [InlineData("2024-05-01T10:00:00Z", true)]
    public async Task A_refused_upload_gives_its_page_back_and_an_accepted_one_keeps_it(string capturedAt, bool valid)
    {
        var html = JsonSerializer.Serialize("<p>" + new string('x', 100_000) + "</p>");
        using var request = JsonSerializer.Deserialize<CaptureRequest>(
            $"{{\"url\":\"https://example.com/\",\"capturedAt\":\"{capturedAt}\",\"html\":{html}}}", JsonSerializerOptions.Web)!;
        Assert.True(MemoryMarshal.TryGetArray(request.Html!.Bytes, out var rented));
        var reachedHandler = false;

        var answer = await new ValidationFilter(Services).InvokeAsync(
            new DefaultEndpointFilterInvocationContext(new DefaultHttpContext(), request),
            _ => { reachedHandler = true; return ValueTask.FromResult<object?>(null); });

        Assert.Equal(valid, reachedHandler);
        Assert.Equal(valid, answer is null);
        // The pool hands the same thread the array it was last given back.
        var next = ArrayPool<byte>.Shared.Rent(rented.Array!.Length);
        ArrayPool<byte>.Shared.Return(next);
        Assert.Equal(!valid, ReferenceEquals(rented.Array, next));
    }
}
