using System.CommandLine;
using System.Text.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive submit URL… [--wait]</c> or <c>archive submit URL --file page.html [--captured-at T]</c>.</summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var urls = new Argument<string[]>("urls") { Description = "URLs to archive (one job each).", Arity = ArgumentArity.OneOrMore };
        var file = new Option<FileInfo?>("--file") { Description = "Upload this saved page as the capture of the (single) URL." };
        var capturedAt = new Option<DateTimeOffset?>("--captured-at") { Description = "When the uploaded page was captured." };
        var wait = new Option<bool>("--wait") { Description = "Wait until every job is done or failed." };
        var server = ApiClient.ServerOption();
        var command = new Command("submit", "Submit URLs to the archive service, or upload a saved page.") { urls, file, capturedAt, wait, server };
        command.SetAction((parse, ct) => Run(parse.GetValue(urls)!, parse.GetValue(file), parse.GetValue(capturedAt), parse.GetValue(wait),
            parse.GetValue(server)!, ct));
        return command;
    }

    private static async Task<int> Run(string[] urls, FileInfo? file, DateTimeOffset? capturedAt, bool wait, Uri server, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        try
        {
            if (file is not null)
            {
                if (urls.Length != 1)
                {
                    Console.Error.WriteLine("--file uploads one page: give exactly one URL.");
                    return 2;
                }
                // The file as it is (the page form of an upload): its bytes are the capture and its raw hash, and the service
                // decodes them by HTML's rules; read as text here, a page in another charset than UTF-8 would be re-encoded.
                var query = $"?url={Uri.EscapeDataString(urls[0])}" +
                    (capturedAt is { } at ? $"&capturedAt={Uri.EscapeDataString(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}" : "");
                await using var body = file.OpenRead();
                using var content = new StreamContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(
                    file.Extension.Equals(".xhtml", StringComparison.OrdinalIgnoreCase) ? "application/xhtml+xml" : "text/html");
                var article = await api.PostContentAsync("/api/captures" + query, content, ct);
                Console.WriteLine($"{article.GetProperty("id")}\t{article.GetProperty("contentHash")}\t{article.GetProperty("title")}");
                return 0;
            }
            var jobs = urls.Length == 1
                ? [await api.PostAsync("/api/captures", new { url = urls[0] }, ct)]
                : (await api.PostAsync("/api/captures/batch", new { urls }, ct)).GetProperty("jobs").EnumerateArray().ToList();
            var failed = 0;
            foreach (var job in jobs)
            {
                var state = wait ? await WaitAsync(api, job.GetProperty("id").GetGuid(), ct) : job;
                failed += state.GetProperty("state").GetString() == "failed" ? 1 : 0;
                Console.WriteLine(Line(state));
            }
            return failed == 0 ? 0 : 1;
        }
        catch (ApiException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static async Task<JsonElement> WaitAsync(ApiClient api, Guid id, CancellationToken ct)
    {
        while (true)
        {
            var status = await api.GetAsync($"/api/captures/{id}", ct);
            if (status.GetProperty("state").GetString() is "done" or "failed")
            {
                return status;
            }
            await Task.Delay(500, ct);
        }
    }

    private static string Line(JsonElement job) =>
        $"{job.GetProperty("id")}\t{job.GetProperty("state")}\t{job.GetProperty("url")}" +
        (job.TryGetProperty("lastError", out var f) && f.ValueKind == JsonValueKind.Object ? $"\t{f.GetProperty("reason")}: {f.GetProperty("message")}" : "") +
        (job.TryGetProperty("articleId", out var a) && a.ValueKind == JsonValueKind.String ? $"\tarticle {a}" : "");
}
