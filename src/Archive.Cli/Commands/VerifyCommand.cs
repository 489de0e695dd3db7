using System.CommandLine;
using System.Security.Cryptography;
using Archive.Engine.Text;
using Archive.Transparency.Receipts;

namespace Archive.Cli.Commands;

/// <summary>
/// <c>archive verify RECEIPT.json [--text FILE] [--raw FILE] [--key VKEY]</c>: checks a receipt offline.
/// <c>archive verify --log URL --since CHECKPOINT [--key VKEY] [--update]</c>: proves the log only grew since a checkpoint.
/// One line per check; exit 0 when all hold, 1 when one fails, 2 when the command cannot run.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var receipt = new Argument<FileInfo?>("receipt") { Description = "A receipt (GET /api/articles/{id}/receipt).", Arity = ArgumentArity.ZeroOrOne };
        var text = new Option<FileInfo?>("--text") { Description = "A clean text to check against the entry's content hash." };
        var raw = new Option<FileInfo?>("--raw") { Description = "Raw captured bytes to check against the entry's raw hash." };
        var key = new Option<string?>("--key") { Description = "The log's verifier key you trust (name+hash+key); default: the receipt's or the log's own." };
        var log = new Option<string?>("--log") { Description = "The log to check for growth: its URL prefix (…/api/log) or the service's address." };
        var since = new Option<FileInfo?>("--since") { Description = "A checkpoint saved earlier from the log (GET /api/log/checkpoint)." };
        var update = new Option<bool>("--update") { Description = "With --log: save the new checkpoint over --since when the log only grew." };
        var command = new Command("verify", "Verify a receipt offline, or that a log only grew since a checkpoint.") { receipt, text, raw, key, log, since, update };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                if (parse.GetValue(log) is { } logText)
                {
                    if (!Uri.TryCreate(logText, UriKind.Absolute, out var logUrl) || logUrl.Scheme is not ("http" or "https"))
                    {
                        return Usage($"--log needs an http(s) URL, not '{logText}'.");
                    }
                    return parse.GetValue(since) is { } checkpoint
                        ? await LogGrowth.RunAsync(logUrl, checkpoint, parse.GetValue(key), parse.GetValue(update), ct)
                        : Usage("--log needs --since CHECKPOINT_FILE (a checkpoint saved earlier).");
                }
                return parse.GetValue(receipt) is { } file
                    ? await VerifyReceiptAsync(file, parse.GetValue(text), parse.GetValue(raw), parse.GetValue(key), ct)
                    : Usage("Give a receipt file, or --log URL --since CHECKPOINT_FILE.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException
                or HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine($"verify: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static async Task<int> VerifyReceiptAsync(FileInfo file, FileInfo? text, FileInfo? raw, string? key, CancellationToken ct)
    {
        var receipt = Receipt.Parse(await File.ReadAllTextAsync(file.FullName, ct));
        var contentHash = text is null ? null : ContentHash.OfText(await File.ReadAllTextAsync(text.FullName, ct)).ToString();
        var rawHash = raw is null ? null : ContentHash.Prefix + Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(raw.FullName, ct)));
        return Report(ReceiptVerifier.Verify(receipt, key, contentHash, rawHash));
    }

    internal static int Report(IReadOnlyList<Check> checks)
    {
        foreach (var check in checks)
        {
            Console.WriteLine($"{(check.Ok ? "ok  " : "FAIL")}  {check.Name,-11} {check.Detail}");
        }
        var failed = checks.Count(c => !c.Ok);
        Console.WriteLine(failed == 0 ? "verified" : $"NOT verified: {failed} check{(failed == 1 ? "" : "s")} failed");
        return failed == 0 ? 0 : 1;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"verify: {message}");
        return 2;
    }
}
