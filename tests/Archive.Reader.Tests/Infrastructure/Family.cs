using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Archive.Api.Tests.Lineage;

namespace Archive.Reader.Tests.Infrastructure;

/// <summary>
/// A story and its family across seven outlets, uploaded through the API so lineage is decided by the service itself:
/// a verbatim copy, an attributed copy, a copy declared only by a cross-domain canonical link, an excerpt with a read-more
/// link, a copy with commentary, and a copy of that copy (commentary included, crediting the commentator). The origin is
/// captured twice, the second time with an edited paragraph, so it has two versions to compare.
/// </summary>
internal sealed class Family
{
    public const string Title = "Governor denies mining license after inquiry";
    public const string Commentary1 = "Our view: the governor was right to deny the license, and the mining lobby knows it well.";
    public const string Commentary2 = "Maybe next year the auditors will be allowed to publish the whole report on the mine.";
    public const string Update = "Update: the governor's office confirmed the decision again on Friday evening.";

    public static readonly Outlet Gazette = new("Harbour Gazette", "harbourgazette.com");
    public static readonly Outlet Echo = new("Daily Echo", "dailyecho.net");
    public static readonly Outlet Northstar = new("Northstar Times", "northstartimes.org");
    public static readonly Outlet Syndicate = new("Syndicate Wire", "syndicatewire.com");
    public static readonly Outlet Briefs = new("Morning Briefs", "morningbriefs.net");
    public static readonly Outlet Frank = new("Frank Opinions", "frankopinions.org");
    public static readonly Outlet Valley = new("Valley Post", "valleypost.com");

    private static readonly DateTimeOffset Published = new(2024, 3, 4, 9, 0, 0, TimeSpan.FromHours(-5));

    public Dictionary<string, Guid> Articles { get; } = new(StringComparer.Ordinal);

    public Guid Origin => Articles[Gazette.Name];

    public static async Task<Family> UploadAsync(HttpClient client)
    {
        var family = new Family();
        var story = new Story(9, Title, paragraphs: 10);
        var originUrl = Gazette.Url("mining-license");
        async Task Add(Outlet outlet, string url, string html, DateTimeOffset? capturedAt = null)
        {
            var response = await client.PostAsJsonAsync("/api/captures", new { url, html, capturedAt });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"upload of {url}: {(int)response.StatusCode} {body}");
            family.Articles[outlet.Name] = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        }

        await Add(Gazette, originUrl, Gazette.Page(Title, story.Paragraphs, Published), Published.AddHours(1));
        await Add(Echo, Echo.Url("mining"), Echo.Page(Title, story.Paragraphs, Published.AddHours(6)));
        await Add(Northstar, Northstar.Url("mining"), Northstar.Page(Title, story.Paragraphs, Published.AddDays(1),
            after: $"<p>Source: {Gazette.Name}</p>"));
        await Add(Syndicate, Syndicate.Url("mining"), Syndicate.Page(Title, story.Paragraphs, Published.AddHours(2),
            head: $"<link rel=\"canonical\" href=\"{originUrl}\">"));
        await Add(Briefs, Briefs.Url("mining"), Briefs.Page(Title, story.Paragraphs.Take(3), Published.AddHours(3),
            after: $"<p>Read more: <a href=\"{originUrl}\">{Gazette.Name} – {Title}</a></p>"));
        await Add(Frank, Frank.Url("mining-license"), Frank.Page(Title, story.Paragraphs, Published.AddDays(1).AddHours(1),
            after: $"<p>Source: {Gazette.Name}</p><p>{Commentary1}</p><p>{Commentary2}</p>"));
        await Add(Valley, Valley.Url("mining-repost"), Valley.Page(Title, [.. story.Paragraphs, Commentary1, Commentary2],
            Published.AddDays(2), after: $"<p>Via {Frank.Name}</p>"));

        var edited = story.Paragraphs.ToList();
        edited[1] = edited[1].Replace(". ", ". Officials declined to comment. ", StringComparison.Ordinal);
        edited.Add(Update);
        await Add(Gazette, originUrl, Gazette.Page(Title, edited, Published), Published.AddDays(3));

        for (var i = 0; i < 4; i++)
        {
            var other = new Story(200 + i, $"Harbour council story {i}");
            await Add(Echo, Echo.Url($"council-{i}"), Echo.Page(other.Title, other.Paragraphs, Published.AddDays(-i - 1)));
        }
        family.Articles[Echo.Name] = (await client.GetFromJsonAsync<JsonElement>($"/api/articles?url={Uri.EscapeDataString(Echo.Url("mining"))}"))
            .GetProperty("id").GetGuid();
        return family;
    }
}
