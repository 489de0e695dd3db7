using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Data;
using Archive.Data.Stores;
using Archive.Engine;
using Archive.Engine.Text;
using Archive.Engine.Warc;

namespace Archive.Api.Export;

/// <summary>
/// The WARC records of one capture: the capture itself (a <c>response</c> with its status line, stored headers and raw
/// bytes; a <c>resource</c> for an upload that came with no HTTP exchange), the <c>request</c> where it is known, a
/// <c>metadata</c> record with its provenance, and a <c>conversion</c> record with the clean text.
/// </summary>
internal static class CaptureRecords
{
    public sealed record Set(WarcRecord Capture, string? Mime, int? Status, WarcRecord? Request, WarcRecord Metadata, WarcRecord Conversion);

    public static Set For(ExportedCapture c, string warcinfoId)
    {
        var body = CapturedBytes.Decompress(c.RawCompressed);
        var captureId = WarcFormat.RecordId($"capture/{c.CaptureId}/response");
        var common = new KeyValuePair<string, string>("WARC-Warcinfo-ID", warcinfoId);
        var headers = Pairs(c.ResponseHeaders);
        var mime = c.ContentType?.Split(';', 2)[0].Trim();
        WarcRecord capture = c.HttpStatus is { } status
            ? new WarcRecord
            {
                Type = WarcTypes.Response, RecordId = captureId, Date = c.CapturedAt, TargetUri = c.FinalUrl,
                ContentType = "application/http; msgtype=response", Fields = [common],
                HttpHead = HttpHead.ForStoredResponse(status, headers.Count > 0 ? headers : ContentTypeOnly(c), body.LongLength),
                Body = body,
            }
            : new WarcRecord
            {
                Type = WarcTypes.Resource, RecordId = captureId, Date = c.CapturedAt, TargetUri = c.FinalUrl,
                ContentType = c.ContentType ?? "application/octet-stream", Fields = [common], Body = body,
            };
        var request = c.RequestHeaders is { } requestHeaders
            ? new WarcRecord
            {
                Type = WarcTypes.Request, RecordId = WarcFormat.RecordId($"capture/{c.CaptureId}/request"), Date = c.CapturedAt,
                TargetUri = c.FinalUrl, ContentType = "application/http; msgtype=request",
                Fields = [common, new("WARC-Concurrent-To", captureId)],
                HttpHead = HttpHead.ForRequest("GET", new Uri(c.FinalUrl), Pairs(requestHeaders)), Body = ReadOnlyMemory<byte>.Empty,
            }
            : null;
        var refersTo = new KeyValuePair<string, string>("WARC-Refers-To", captureId);
        var metadata = new WarcRecord
        {
            Type = WarcTypes.Metadata, RecordId = WarcFormat.RecordId($"capture/{c.CaptureId}/metadata"), Date = c.CapturedAt,
            TargetUri = c.FinalUrl, ContentType = "application/json", Fields = [common, refersTo],
            Body = Encoding.UTF8.GetBytes(Provenance(c).ToJsonString()),
        };
        var conversion = new WarcRecord
        {
            Type = WarcTypes.Conversion, RecordId = WarcFormat.RecordId($"version/{c.VersionId}/text"), Date = c.CapturedAt,
            TargetUri = c.FinalUrl, ContentType = "text/plain; charset=utf-8", Fields = [common, refersTo],
            Body = Encoding.UTF8.GetBytes(c.Text),
        };
        return new Set(capture, mime, c.HttpStatus, request, metadata, conversion);
    }

    /// <summary>What the archive knows of how the capture came and what was derived from it.</summary>
    private static JsonObject Provenance(ExportedCapture c) => new()
    {
        ["captureId"] = c.CaptureId,
        ["source"] = EnumText.Of(c.Source),
        ["submittedBy"] = c.SubmittedBy,
        ["jobId"] = c.JobId,
        ["requestedUrl"] = c.RequestedUrl,
        ["finalUrl"] = c.FinalUrl,
        ["redirects"] = JsonNode.Parse(c.RedirectChain),
        ["capturedAt"] = c.CapturedAt,
        ["rawSha256"] = "sha256:" + c.RawSha256,
        // The capture's entry in the transparency log: its receipt and proofs are asked for by this index.
        ["log"] = c.LogIndex,
        ["article"] = new JsonObject
        {
            ["id"] = c.ArticleId,
            ["url"] = c.ArticleUrl,
            ["versionId"] = c.VersionId,
            ["title"] = c.Title,
            ["contentHash"] = ContentHash.Prefix + c.ContentHash,
            ["language"] = c.Language,
            ["publishedAt"] = c.PublishedAt,
            ["canonicalUrl"] = c.CanonicalUrl,
        },
        ["publisher"] = c.PublisherId is null ? null : new JsonObject
        {
            ["id"] = c.PublisherId, ["name"] = c.PublisherName, ["domain"] = c.PublisherDomain,
        },
        ["lineage"] = c.DerivedFromId is null ? null : new JsonObject
        {
            ["kind"] = c.LineageKind,
            ["derivedFrom"] = new JsonObject { ["id"] = c.DerivedFromId, ["url"] = c.DerivedFromUrl },
            ["origin"] = c.OriginId,
        },
    };

    private static List<KeyValuePair<string, string>> Pairs(string json) =>
        (JsonSerializer.Deserialize<List<string[]>>(json) ?? []).Where(p => p.Length == 2).Select(p => KeyValuePair.Create(p[0], p[1])).ToList();

    private static List<KeyValuePair<string, string>> ContentTypeOnly(ExportedCapture c) =>
        c.ContentType is null ? [] : [new("Content-Type", c.ContentType)];
}
