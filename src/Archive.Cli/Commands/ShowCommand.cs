using System.CommandLine;
using System.Text.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive show ID|URL [--text | --lineage | --json]</c>: an archived article with its provenance.</summary>
internal static class ShowCommand
{
    // A terminal reads UTF-8: titles in Spanish or quotes in “curly” marks print as they are, not as \u escapes.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var target = new Argument<string>("article") { Description = "An article id or the URL it was archived under." };
        var text = new Option<bool>("--text") { Description = "Print only the clean text." };
        var lineage = new Option<bool>("--lineage") { Description = "Print the article's family tree." };
        var json = new Option<bool>("--json") { Description = "Print the whole article JSON." };
        var server = ApiClient.ServerOption();
        var command = new Command("show", "Show an archived article with its provenance.") { target, text, lineage, json, server };
        command.SetAction((parse, ct) => Run(parse.GetValue(target)!, parse.GetValue(text), parse.GetValue(lineage), parse.GetValue(json),
            parse.GetValue(server)!, ct));
        return command;
    }

    private static async Task<int> Run(string target, bool text, bool lineage, bool json, Uri server, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        try
        {
            var article = Guid.TryParse(target, out var id)
                ? await api.GetAsync($"/api/articles/{id}", ct)
                : await api.GetAsync($"/api/articles?url={Uri.EscapeDataString(target)}", ct);
            var articleId = article.GetProperty("id").GetGuid();
            if (text)
            {
                Console.WriteLine(await api.GetTextAsync($"/api/articles/{articleId}/text", ct));
            }
            else if (lineage)
            {
                Console.WriteLine(LineageText.Render(await api.GetAsync($"/api/articles/{articleId}/lineage", ct)));
            }
            else if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(article, Indented));
            }
            else
            {
                PrintSummary(article);
            }
            return 0;
        }
        catch (ApiException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static void PrintSummary(JsonElement a)
    {
        string Field(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "-";
        var capture = a.GetProperty("capture");
        Console.WriteLine($"{Field(a, "title")}");
        Console.WriteLine($"  url          {Field(a, "url")}");
        Console.WriteLine($"  publisher    {(a.GetProperty("publisher").ValueKind == JsonValueKind.Object ? Field(a.GetProperty("publisher"), "name") : "-")}");
        Console.WriteLine($"  byline       {Field(a, "byline")}");
        Console.WriteLine($"  published    {Field(a, "publishedAt")}");
        Console.WriteLine($"  content hash {Field(a, "contentHash")}");
        Console.WriteLine($"  captured     {Field(capture, "capturedAt")} ({Field(capture, "source")}), raw {Field(capture, "rawSha256")}");
        if (a.TryGetProperty("lineage", out var lineage) && lineage.GetProperty("origin").ValueKind == JsonValueKind.Object)
        {
            Console.WriteLine($"  lineage      {Field(lineage, "kind")}; origin {Field(lineage.GetProperty("origin"), "url")}");
            if (lineage.GetProperty("derivedFrom").ValueKind == JsonValueKind.Object)
            {
                Console.WriteLine($"               derived from {Field(lineage.GetProperty("derivedFrom"), "url")}");
            }
            Console.WriteLine($"               {lineage.GetProperty("republications").GetArrayLength()} republication(s)");
        }
    }
}
