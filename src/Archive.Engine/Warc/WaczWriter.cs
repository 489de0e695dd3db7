using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Archive.Engine.Warc;

/// <summary>
/// Writes a WACZ 1.1.1 package in one pass: <c>archive/data.warc.gz</c> while the records stream through
/// <see cref="Warc"/>, then <c>indexes/index.cdx</c> (CDXJ, sorted), <c>pages/pages.jsonl</c>, <c>datapackage.json</c>
/// with every resource's SHA-256 and size, and <c>datapackage-digest.json</c> signed as the WACZ signing spec's
/// anonymous signature describes (ECDSA P-256 over the digest string; public key as base64 SPKI).
/// </summary>
public sealed class WaczWriter : IAsyncDisposable
{
    public const string WarcPath = "archive/data.warc.gz";
    private const string WarcName = "data.warc.gz";

    private readonly ZipWriter _zip;
    private readonly WaczInfo _info;
    private readonly FileStream _pages;
    private readonly List<JsonObject> _resources = [];

    private WaczWriter(ZipWriter zip, WaczInfo info)
    {
        _zip = zip;
        _info = info;
        Warc = new WarcWriter(zip.EntryStream);
        // Pages are known while the WARC streams but belong after it in the package: kept on disk meanwhile.
        _pages = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    public WarcWriter Warc { get; }

    public CdxjIndex Index { get; } = new();

    public int PageCount { get; private set; }

    public static async Task<WaczWriter> StartAsync(Stream output, WaczInfo info, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(info);
        var zip = new ZipWriter(output);
        await zip.BeginEntryAsync(WarcPath, info.Created, ct);
        var writer = new WaczWriter(zip, info);
        await writer._pages.WriteAsync(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { format = "json-pages-1.0", id = "pages", title = info.Title, hasText = true }) + "\n"), ct);
        return writer;
    }

    /// <summary>Writes a response record into the WARC and indexes it.</summary>
    public async Task<WarcLocation> WriteResponseAsync(WarcRecord response, string? mime, int? status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var location = await Warc.WriteAsync(response, ct);
        Index.AddResponse(response.TargetUri!, response.Date, mime, status,
            Convert.ToHexStringLower(SHA256.HashData(response.Body.Span)), location, WarcName);
        return location;
    }

    /// <summary>Adds a line to pages.jsonl: <c>url</c> and <c>ts</c>, with title, id and text for full-text search.</summary>
    public async Task AddPageAsync(WaczPage page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        var line = JsonSerializer.Serialize(new JsonObject
        {
            ["id"] = page.Id,
            ["url"] = page.Url,
            ["ts"] = WarcFormat.Date(page.Timestamp),
            ["title"] = page.Title,
            ["text"] = page.Text,
        });
        await _pages.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), ct);
        PageCount++;
    }

    /// <summary>Closes the WARC, writes the index, pages and manifests, and signs the manifest when a key is given.</summary>
    public async Task FinishAsync(ECDsa? signingKey, CancellationToken ct)
    {
        Record(WarcName, WarcPath, await _zip.EndEntryAsync(ct));

        await _zip.BeginEntryAsync("indexes/index.cdx", _info.Created, ct);
        await Index.WriteSortedAsync(_zip.EntryStream, ct);
        Record("index.cdx", "indexes/index.cdx", await _zip.EndEntryAsync(ct));

        await _zip.BeginEntryAsync("pages/pages.jsonl", _info.Created, ct);
        _pages.Position = 0;
        await _pages.CopyToAsync(_zip.EntryStream, ct);
        Record("pages.jsonl", "pages/pages.jsonl", await _zip.EndEntryAsync(ct));

        var package = new JsonObject
        {
            ["profile"] = "data-package",
            ["wacz_version"] = "1.1.1",
            ["title"] = _info.Title,
            ["description"] = _info.Description,
            ["created"] = WarcFormat.Date(_info.Created),
            ["modified"] = WarcFormat.Date(_info.Created),
            ["software"] = _info.Software,
            ["resources"] = new JsonArray([.. _resources]),
        };
        if (_info.MainPage is { } main)
        {
            package["mainPageUrl"] = main.Url;
            package["mainPageDate"] = WarcFormat.Date(main.Timestamp);
        }
        var packageBytes = Encoding.UTF8.GetBytes(package.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        await WriteEntryAsync("datapackage.json", packageBytes, ct);

        var hash = WarcFormat.Sha256(SHA256.HashData(packageBytes));
        var digest = new JsonObject { ["path"] = "datapackage.json", ["hash"] = hash };
        if (signingKey is not null)
        {
            digest["signedData"] = Sign(hash, signingKey, _info.Created);
        }
        await WriteEntryAsync("datapackage-digest.json", Encoding.UTF8.GetBytes(digest.ToJsonString(new JsonSerializerOptions { WriteIndented = true })), ct);
        await _zip.FinishAsync(ct);
    }

    /// <summary>The anonymous signature: the UTF-8 digest string signed with SHA-256/ECDSA, signature as raw r‖s.</summary>
    public static JsonObject Sign(string hash, ECDsa key, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.SignData(Encoding.UTF8.GetBytes(hash), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new JsonObject
        {
            ["hash"] = hash,
            ["created"] = WarcFormat.Date(created),
            ["software"] = "Archive",
            ["version"] = "1",
            ["signature"] = Convert.ToBase64String(signature),
            ["publicKey"] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
        };
    }

    public async ValueTask DisposeAsync()
    {
        Warc.Dispose();
        Index.Dispose();
        await _pages.DisposeAsync();
    }

    private async Task WriteEntryAsync(string path, byte[] content, CancellationToken ct)
    {
        await _zip.BeginEntryAsync(path, _info.Created, ct);
        await _zip.WriteAsync(content, ct);
        var (size, sha) = await _zip.EndEntryAsync(ct);
        if (path != "datapackage.json" && path != "datapackage-digest.json")
        {
            Record(Path.GetFileName(path), path, (size, sha));
        }
    }

    private void Record(string name, string path, (long Size, byte[] Sha256) entry) =>
        _resources.Add(new JsonObject { ["name"] = name, ["path"] = path, ["hash"] = WarcFormat.Sha256(entry.Sha256), ["bytes"] = entry.Size });
}

public sealed record WaczInfo(string Title, string Description, DateTimeOffset Created, string Software, WaczPage? MainPage = null);

public sealed record WaczPage(string Id, string Url, DateTimeOffset Timestamp, string? Title, string? Text);
