using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Archive.Bench.Reader;

/// <summary>
/// A story republished by (size − 1) outlets, uploaded through the API so the service decides its lineage: verbatim and
/// attributed copies, excerpts with a read-more link, copies with commentary, and copies of attributed copies.
/// </summary>
internal static class Family
{
    /// <summary>The family's members when every one is archived already (a kept database measured again), else null. Measuring
    /// again must not upload again: each upload adds a version to every member and rewrites the family's links, so a kept
    /// database would grow with every run and runs would not compare.</summary>
    public static async Task<List<Guid>?> ArchivedAsync(HttpClient client, int size)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < size; i++)
        {
            var found = await client.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(Url(i))}");
            var items = found.GetProperty("items");
            if (items.GetArrayLength() != 1)
            {
                return null;
            }
            ids.Add(items[0].GetProperty("articleId").GetGuid());
        }
        return ids;
    }

    private static string Name(int i) => i == 0 ? "Bench Harbour Gazette" : $"Bench Outlet {i}";
    private static string Domain(int i) => i == 0 ? "bench-harbour-gazette.com" : $"bench-outlet-{i}.net";
    private static string Url(int i) => $"https://www.{Domain(i)}/news/harbour-reform";

    public static async Task<List<Guid>> UploadAsync(HttpClient client, int size)
    {
        var random = new Random(7);
        var words = "council minister harbour budget railway festival drought province senate grain tariff museum coastal ferry union strike election reservoir bridge school hospital license mining copper export treaty embassy envoy summit village farmers inspectors auditors report inquiry tender contract pipeline refinery storm flood river mayor governor judge court appeal ruling protest police airport tourism market prices wages pension reform vote ballot campaign vaccine clinic nurses teachers students library archive quietly sharply narrowly publicly approved rejected delayed announced denied confirmed questioned praised signed northern southern regional national".Split(' ');
        string Sentence() => string.Join(' ', Enumerable.Range(0, random.Next(12, 20)).Select(_ => words[random.Next(words.Length)])) + ".";
        var story = Enumerable.Range(0, 12).Select(_ => string.Join(' ', Enumerable.Range(0, 4).Select(_ => Sentence()))).ToList();
        var title = "Regional council approves the harbour reform after a long inquiry";
        var published = new DateTimeOffset(2024, 4, 2, 8, 0, 0, TimeSpan.Zero);
        string Page(int i, IEnumerable<string> paragraphs, string after = "") => $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {Name(i)}</title>
            <meta property="og:site_name" content="{Name(i)}"><meta property="article:published_time" content="{published.AddHours(i):yyyy-MM-ddTHH:mm:sszzz}">
            </head><body><header><nav><a href="/">{Name(i)}</a> <a href="/news">News</a></nav></header><main><article><h1>{title}</h1>
            {string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>\n"))}{after}</article></main>
            <footer><p>&copy; {Name(i)}</p></footer></body></html>
            """;

        var ids = new List<Guid>();
        var attributed = new List<int>();
        for (var i = 0; i < size; i++)
        {
            string html;
            if (i == 0)
            {
                html = Page(0, story);
            }
            else
            {
                switch (i % 5)
                {
                    case 0:
                        html = Page(i, story);
                        break;
                    case 1:
                        attributed.Add(i);
                        html = Page(i, story, $"<p>Source: {Name(0)}</p>");
                        break;
                    case 2:
                        html = Page(i, story.Take(4), $"<p>Read more: <a href=\"{Url(0)}\">{Name(0)}</a></p>");
                        break;
                    case 3:
                        html = Page(i, story, $"<p>Source: {Name(0)}</p><p>{Sentence()} {Sentence()}</p><p>{Sentence()} {Sentence()}</p>");
                        break;
                    default:
                        var parent = attributed.Count > 0 ? attributed[random.Next(attributed.Count)] : 0;
                        html = Page(i, story, $"<p>Via {Name(parent)}</p>");
                        break;
                }
            }
            var response = await client.PostAsJsonAsync("/api/captures", new { url = Url(i), html });
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"upload {i}: {(int)response.StatusCode} {body}");
            }
            ids.Add(JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid());
        }
        return ids;
    }
}
