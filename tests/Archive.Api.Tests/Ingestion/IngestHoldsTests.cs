using System.Runtime.CompilerServices;
using System.Text;
using Archive.Api.Ingestion;
using Archive.Api.Tests.Infrastructure;
using Archive.Data.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Ingestion;

/// <summary>
/// What an ingest's result keeps alive: an upload holds its result through the wait for the log pass and the answer, while
/// the other uploads' extractions allocate, and each collection in that wait copies whatever the result still references.
/// The capture's compressed bytes are written by then and the answer shows only the capture's reference.
/// </summary>
public sealed class IngestHoldsTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Fact]
    public async Task The_result_of_an_ingest_does_not_keep_the_compressed_capture_alive()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var ingestor = scope.ServiceProvider.GetRequiredService<CaptureIngestor>();
        WeakReference<byte[]>? stored = null;
        var page = Page();

        var result = await ingestor.IngestAsync(page, (capture, _) =>
        {
            stored = Weakly(capture.RawCompressed);
            return Task.CompletedTask;
        }, default);

        Assert.NotNull(stored);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Assert.False(stored.TryGetTarget(out _), "the compressed capture is still reachable after the ingest");
        Assert.Equal(result.CaptureId, result.Capture.Id);
        Assert.StartsWith("sha256:", result.Capture.RawSha256, StringComparison.Ordinal);
        GC.KeepAlive(result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<byte[]> Weakly(byte[] bytes) => new(bytes);

    private static RawPage Page()
    {
        var url = new Uri($"https://holds.example/{Guid.NewGuid():N}");
        var paragraphs = string.Concat(Enumerable.Range(0, 40).Select(i =>
            $"<p>Paragraph {i} of the harbour story: the ferry left at dawn with {i * 7} passengers and the pier was rebuilt.</p>"));
        var html = $"<html><head><title>Harbour {url.AbsolutePath}</title></head><body><article><h1>Harbour</h1>{paragraphs}</article></body></html>";
        return new RawPage
        {
            RequestedUrl = url,
            FinalUrl = url,
            ContentType = "text/html; charset=utf-8",
            Body = Encoding.UTF8.GetBytes(html),
            CapturedAt = DateTimeOffset.UtcNow,
            Source = CaptureSource.Uploaded,
            SubmittedBy = "key:" + Guid.NewGuid(),
        };
    }
}
