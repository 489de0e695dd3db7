using System.Text.Json.Nodes;
using Archive.Transparency.Json;

namespace Archive.Transparency.Entries;

/// <summary>
/// The log entry of one capture and the article version derived from it: what was captured, how (fetched by the archive or
/// uploaded by a key), when the archive received it, and the hashes of its raw bytes and canonical clean text.
/// </summary>
public sealed record CaptureEntry(
    Guid CaptureId,
    Guid ArticleId,
    Guid VersionId,
    string RequestedUrl,
    string FinalUrl,
    DateTimeOffset CapturedAt,
    string Source,
    string? Submitter,
    string RawHash,
    string ContentHash,
    DateTimeOffset ReceivedAt)
{
    public const string Type = "capture";

    /// <summary>The entry's bytes: RFC 8785 canonical JSON.</summary>
    public byte[] ToBytes() => CanonicalJson.Serialize(new JsonObject
    {
        ["type"] = Type,
        ["captureId"] = CaptureId.ToString(),
        ["articleId"] = ArticleId.ToString(),
        ["versionId"] = VersionId.ToString(),
        ["requestedUrl"] = RequestedUrl,
        ["finalUrl"] = FinalUrl,
        ["capturedAt"] = EntryTimes.Format(CapturedAt),
        ["source"] = Source,
        ["submitter"] = Submitter,
        ["rawHash"] = RawHash,
        ["contentHash"] = ContentHash,
        ["receivedAt"] = EntryTimes.Format(ReceivedAt),
    });
}
