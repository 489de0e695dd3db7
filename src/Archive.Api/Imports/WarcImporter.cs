using System.Security.Cryptography;
using System.Text.Json;
using Archive.Api.Captures;
using Archive.Api.Ingestion;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Data.Stores;
using Archive.Engine.Warc;
using Archive.Fetching;
using Microsoft.Extensions.Options;

namespace Archive.Api.Imports;

/// <summary>
/// Reads one spooled WARC record by record and sends each HTML <c>response</c> through the same ingest as an upload
/// (capture, clean, hash, lineage), keeping WARC-Target-URI, WARC-Date as the captured-at time, the original status and
/// headers, and the request and redirects that led to it where the file holds them. A record already imported (same
/// record id, or the same URL, time and bytes) is a duplicate; a record whose block digest fails is refused.
/// </summary>
public sealed class WarcImporter(ImportStore store, CaptureIngestor ingestor, IOptions<ImportOptions> options, TimeProvider time,
    ILogger<WarcImporter> logger)
{
    private const int MaxProblems = 100;
    private const int MaxRedirectsRemembered = 10_000;

    public async Task RunAsync(Guid id, CancellationToken ct)
    {
        var import = await store.FindAsync(id, ct);
        if (import is null || import.State is ImportState.Done or ImportState.Failed)
        {
            return;
        }
        var problems = import.Problems;
        import.State = ImportState.Running;
        import.StartedAt ??= time.GetUtcNow();
        (import.Records, import.Imported, import.Duplicates, import.Skipped, import.Failed, import.BytesRead) = (0, 0, 0, 0, 0, 0);
        problems.Clear();
        await store.SaveProgressAsync(import, ct);
        try
        {
            await using var file = new FileStream(import.SpoolPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            await using var reader = await WarcReader.OpenAsync(file, ct);
            var context = new Context(import, problems);
            var lastSave = time.GetTimestamp();
            while (await reader.NextAsync(ct) is { } entry)
            {
                import.Records++;
                await ImportRecordAsync(entry, context, ct);
                import.BytesRead = reader.SourcePosition;
                if (time.GetElapsedTime(lastSave) > TimeSpan.FromSeconds(1))
                {
                    await store.SaveProgressAsync(import, ct);
                    lastSave = time.GetTimestamp();
                }
            }
            import.BytesRead = import.BytesTotal;
            import.State = ImportState.Done;
        }
        catch (Exception ex) when (ex is WarcFormatException or InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            // What was imported before the damage stays imported; the import says where it stopped and why.
            import.State = ImportState.Failed;
            import.Error = $"The file is not a readable WARC after record {import.Records}: {ex.Message}";
        }
        import.FinishedAt = time.GetUtcNow();
        await store.SaveProgressAsync(import, CancellationToken.None);
        TryDelete(import.SpoolPath);
        logger.LogInformation("Import {ImportId} {State}: {Records} records, {Imported} imported, {Duplicates} duplicates, {Skipped} skipped, {Failed} failed",
            import.Id, import.State, import.Records, import.Imported, import.Duplicates, import.Skipped, import.Failed);
    }

    private async Task ImportRecordAsync(WarcEntry entry, Context context, CancellationToken ct)
    {
        var header = entry.Header;
        var type = header.Type;
        if (type == WarcTypes.Request && header.ContentType?.StartsWith("application/http", StringComparison.OrdinalIgnoreCase) == true)
        {
            var head = await HttpPayload.ReadHeadAsync(entry.Block, ct);
            context.LastRequest = head is null ? null : (header.TargetUri, header.RecordId, head.Headers);
            return;
        }
        if (type != WarcTypes.Response || header.ContentType?.StartsWith("application/http", StringComparison.OrdinalIgnoreCase) != true)
        {
            context.Import.Skipped++;
            return;
        }
        var response = await HttpPayload.ReadHeadAsync(entry.Block, ct);
        if (response?.Status is not { } status)
        {
            Problem(context, header, ImportProblemReason.NotHttp, "The response record holds no HTTP status line.");
            return;
        }
        if (UrlRules.Explain(header.TargetUri) is { } badUrl)
        {
            Skip(context, header, ImportProblemReason.InvalidUrl, badUrl);
            return;
        }
        var target = new Uri(header.TargetUri!);
        if (status is >= 300 and < 400 && response.Get("Location") is { } location && Uri.TryCreate(target, location, out var next))
        {
            context.RememberRedirect(next.AbsoluteUri, new RedirectHop(target.AbsoluteUri, status));
            context.Import.Skipped++;
            return;
        }
        var contentType = response.Get("Content-Type");
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (status is < 200 or >= 300 || mediaType is not ("text/html" or "application/xhtml+xml"))
        {
            // Images, scripts, errors: kept in the WARC, not archived as articles.
            context.Import.Skipped++;
            return;
        }
        if (!WarcFormat.TryParseDate(header.Get("WARC-Date"), out var capturedAt))
        {
            Problem(context, header, ImportProblemReason.NoDate, "The record has no valid WARC-Date.");
            return;
        }
        var body = await ReadBodyAsync(entry.Block, response, ct);
        var verified = await entry.Block.VerifyAsync(ct);
        if (verified == false)
        {
            Problem(context, header, ImportProblemReason.DigestMismatch, "WARC-Block-Digest does not match the record's bytes; the record is not imported.");
            return;
        }
        if (body is null)
        {
            Skip(context, header, ImportProblemReason.TooLarge, $"The page is larger than {options.Value.MaxRecordBytes} bytes or its Content-Encoding is unsupported.");
            return;
        }
        var recordId = header.RecordId ?? $"<urn:sha256:{Convert.ToHexStringLower(SHA256.HashData(body))}>";
        var rawSha256 = Convert.ToHexStringLower(SHA256.HashData(body));
        if (await store.ExistingCaptureAsync(recordId, target.AbsoluteUri, capturedAt, rawSha256, ct) is not null)
        {
            context.Import.Duplicates++;
            return;
        }
        var redirects = context.RedirectsTo(target.AbsoluteUri);
        var request = context.LastRequest is { } last && last.TargetUri == header.TargetUri ? last.Headers : null;
        try
        {
            await ingestor.IngestAsync(new RawPage
            {
                RequestedUrl = redirects.Count > 0 ? new Uri(redirects[0].Url) : target,
                FinalUrl = target,
                Redirects = redirects,
                HttpStatus = status,
                Headers = response.OriginalHeaders(),
                RequestHeaders = request,
                ContentType = contentType,
                Body = body,
                CapturedAt = capturedAt,
                Source = CaptureSource.Uploaded,
                SubmittedBy = context.Import.SubmittedBy,
            }, (capture, _) =>
            {
                store.AddRecord(new ImportedRecord
                {
                    RecordId = recordId, PayloadDigest = header.Get("WARC-Payload-Digest") ?? WarcFormat.Sha256(Convert.FromHexString(rawSha256)),
                    CaptureId = capture.Id, ImportId = context.Import.Id, ImportedAt = time.GetUtcNow(),
                });
                return Task.CompletedTask;
            }, ct);
            context.Import.Imported++;
        }
        catch (Engine.Extraction.PageTooComplexException tooComplex)
        {
            Problem(context, header, ImportProblemReason.TooComplex, tooComplex.Message);
        }
        catch (Exception ex) when (Data.PostgresErrors.IsUniqueViolation(ex))
        {
            // The same record was imported at the same moment by another import of the same file.
            context.Import.Duplicates++;
        }
    }

    /// <summary>The decoded payload (chunked and Content-Encoding removed), or null past the size cap.</summary>
    private async Task<byte[]?> ReadBodyAsync(WarcBlockStream block, HttpHead response, CancellationToken ct)
    {
        var payload = HttpPayload.Body(block, response);
        var encodings = response.GetAll("Content-Encoding").SelectMany(v => v.Split(',')).Select(e => e.Trim()).Where(e => e.Length > 0);
        if (!ContentDecoding.TryDecode(payload, encodings, out var decoded, out _))
        {
            return null;
        }
        try
        {
            return await CappedReader.ReadAsync(decoded, options.Value.MaxRecordBytes, null, ct);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static void Problem(Context context, WarcHeader header, ImportProblemReason reason, string message)
    {
        context.Import.Failed++;
        Note(context, header, reason, message);
    }

    private static void Skip(Context context, WarcHeader header, ImportProblemReason reason, string message)
    {
        context.Import.Skipped++;
        Note(context, header, reason, message);
    }

    private static void Note(Context context, WarcHeader header, ImportProblemReason reason, string message)
    {
        if (context.Problems.Count < MaxProblems)
        {
            context.Problems.Add(new ImportProblem(header.RecordId, header.TargetUri, reason, message));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Context(Import import, List<ImportProblem> problems)
    {
        private readonly Dictionary<string, RedirectHop> _redirects = new(StringComparer.Ordinal);

        public Import Import { get; } = import;

        public List<ImportProblem> Problems { get; } = problems;

        /// <summary>The request record just read: crawlers write it beside its response.</summary>
        public (string? TargetUri, string? RecordId, IReadOnlyList<KeyValuePair<string, string>> Headers)? LastRequest { get; set; }

        public void RememberRedirect(string to, RedirectHop hop)
        {
            if (_redirects.Count >= MaxRedirectsRemembered)
            {
                _redirects.Clear();
            }
            _redirects[to] = hop;
        }

        /// <summary>The redirects in this file that led to <paramref name="url"/>, first hop first.</summary>
        public List<RedirectHop> RedirectsTo(string url)
        {
            var chain = new List<RedirectHop>();
            while (chain.Count < 10 && _redirects.TryGetValue(url, out var hop) && chain.All(h => h.Url != hop.Url))
            {
                chain.Insert(0, hop);
                url = hop.Url;
            }
            return chain;
        }
    }
}
