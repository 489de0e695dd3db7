using System.Security.Cryptography;
using System.Text;
using Archive.Data.Stores;
using Archive.Engine.Warc;

namespace Archive.Api.Export;

/// <summary>Streams a selection of captures as WARC, CDXJ or WACZ, one capture in memory at a time.</summary>
public sealed class WarcExporter(ExportStore store, WaczSigningKey signingKey, TimeProvider time)
{
    public const string Software = "Archive (provenance-tracking news archive)";

    /// <summary>A WARC file: warcinfo, then each capture's records. The same selection gives the same bytes, so a CDXJ
    /// fetched separately addresses this file.</summary>
    public async Task WriteWarcAsync(ExportSelection selection, string fileName, Stream output, CancellationToken ct)
    {
        using var writer = new WarcWriter(output);
        await foreach (var _ in WriteAllAsync(selection, fileName, writer, null, null, ct))
        {
        }
    }

    /// <summary>The CDXJ index of the WARC <see cref="WriteWarcAsync"/> writes for the same selection: the WARC is written
    /// to nowhere to learn each record's offset.</summary>
    public async Task WriteCdxjAsync(ExportSelection selection, string warcFileName, Stream output, CancellationToken ct)
    {
        using var index = new CdxjIndex();
        using var writer = new WarcWriter(Stream.Null);
        await foreach (var (set, _, location) in WriteAllAsync(selection, warcFileName, writer, null, null, ct))
        {
            index.AddResponse(set.Capture.TargetUri!, set.Capture.Date, set.Mime, set.Status,
                Convert.ToHexStringLower(SHA256.HashData(set.Capture.Body.Span)), location, warcFileName);
        }
        await index.WriteSortedAsync(output, ct);
    }

    public async Task WriteWaczAsync(ExportSelection selection, string title, Stream output, CancellationToken ct)
    {
        var summary = await store.SummariseAsync(selection, ct);
        await using var wacz = await WaczWriter.StartAsync(output,
            new WaczInfo(title, $"{summary.Captures} captures exported by Archive, each with its clean text and provenance.",
                time.GetUtcNow(), Software), ct);
        await foreach (var (set, capture, _) in WriteAllAsync(selection, "data.warc.gz", wacz.Warc, summary, wacz, ct))
        {
            await wacz.AddPageAsync(new WaczPage(capture.VersionId.ToString(), set.Capture.TargetUri!, set.Capture.Date, capture.Title,
                capture.Text), ct);
        }
        await wacz.FinishAsync(signingKey.Key, ct);
    }

    /// <summary>Writes warcinfo and every capture's records, yielding each capture as its records are out.</summary>
    private async IAsyncEnumerable<(CaptureRecords.Set Set, ExportedCapture Capture, WarcLocation Location)> WriteAllAsync(ExportSelection selection,
        string fileName, WarcWriter writer, ExportSummary? summary, WaczWriter? wacz,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        summary ??= await store.SummariseAsync(selection, ct);
        var info = Warcinfo(selection, fileName, summary);
        await writer.WriteAsync(info, ct);
        await foreach (var capture in store.StreamAsync(selection, ct))
        {
            var set = CaptureRecords.For(capture, info.RecordId);
            var location = wacz is null
                ? await writer.WriteAsync(set.Capture, ct)
                : await wacz.WriteResponseAsync(set.Capture, set.Mime, set.Status, ct);
            if (set.Request is not null)
            {
                await writer.WriteAsync(set.Request, ct);
            }
            await writer.WriteAsync(set.Metadata, ct);
            await writer.WriteAsync(set.Conversion, ct);
            yield return (set, capture, location);
        }
    }

    /// <summary>The opening record. Its date is the newest capture's (not the time of the request), so that exporting the
    /// same selection again yields the same bytes and the same digests.</summary>
    private static WarcRecord Warcinfo(ExportSelection selection, string fileName, ExportSummary summary)
    {
        var date = summary.Newest ?? selection.To ?? DateTimeOffset.UnixEpoch;
        var fields = new StringBuilder()
            .Append("software: ").Append(Software).Append("\r\n")
            .Append("format: WARC File Format 1.1\r\n")
            .Append("conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n")
            .Append("description: ").Append(summary.Captures).Append(" captures; per capture a response (or resource), its request where known, ")
            .Append("a metadata record (application/json provenance) and a conversion record (the clean article text)\r\n")
            .Append("isPartOf: ").Append(Describe(selection)).Append("\r\n");
        return new WarcRecord
        {
            Type = WarcTypes.Warcinfo, RecordId = WarcFormat.RecordId($"warcinfo/{fileName}/{Describe(selection)}/{summary.Captures}/{date:O}"),
            Date = date, ContentType = "application/warc-fields", Fields = [new("WARC-Filename", fileName)],
            Body = Encoding.UTF8.GetBytes(fields.ToString()),
        };
    }

    private static string Describe(ExportSelection s) =>
        string.Join(' ', new[]
        {
            s.ArticleId is { } a ? $"article={a}" : null, s.VersionId is { } v ? $"version={v}" : null,
            s.PublisherId is { } p ? $"publisher={p}" : null, s.From is { } f ? $"from={f:O}" : null, s.To is { } t ? $"to={t:O}" : null,
        }.Where(x => x is not null)) is { Length: > 0 } text ? text : "everything";
}
