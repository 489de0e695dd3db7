using System.Net;
using System.Text;
using System.Text.Json;
using Archive.Api.Ingestion;
using Archive.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Hardening;

/// <summary>
/// Big pages through the real service (issue 10, item 5): a big upload waits for room in the page budget, and a page with more text than the engine reads is archived whole, its article cut and flagged.
/// </summary>
public sealed class BigPageTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string BigStory()
    {
        var html = new StringBuilder("<html><head><title>The longest story</title></head><body><article><h1>The longest story</h1>");
        for (var i = 0; html.Length < 3_000_000; i++)
        {
            html.Append($"<p>Paragraph {i} tells how the harbour board met on day {i} and voted on the dredging of berth {i % 7}.</p>");
        }
        return html.Append("</article></body></html>").ToString();
    }

    [Fact]
    public async Task A_big_upload_waits_for_room_then_is_archived_whole_with_its_text_cut_and_flagged()
    {
        var html = BigStory();
        var body = JsonSerializer.Serialize(new { url = "https://big.example/longest", html });
        var budget = factory.Services.GetRequiredService<PageBudget>();

        Task<HttpResponseMessage> upload;
        using (await budget.EnterAsync(long.MaxValue, CancellationToken.None))
        {
            upload = _client.PostAsync("/api/captures", new StringContent(body, Encoding.UTF8, "application/json"));
            for (var waited = 0; budget.Waiting == 0 && !upload.IsCompleted && waited < 600; waited++)
            {
                await Task.Delay(100);
            }
            // Queued in the budget, the upload cannot answer until the room is given back (no need to watch it for a while).
            Assert.Equal(1, budget.Waiting);
            Assert.False(upload.IsCompleted);
        }

        var article = await (await upload.WaitAsync(TimeSpan.FromMinutes(2))).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Contains("text-cut", article.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        Assert.Contains("Paragraph 2 tells", article.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, budget.InUse);
        var captureId = article.GetProperty("capture").GetProperty("id").GetGuid();
        var raw = await (await _client.GetAsync($"/api/captures/{captureId}/raw")).Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetBytes(html), raw);
    }
}
