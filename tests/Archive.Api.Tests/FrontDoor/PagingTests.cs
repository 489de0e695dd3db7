using System.Net;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.FrontDoor;

/// <summary>Every paged list takes page and pageSize through the one set of paging rules, so its 400s read alike.</summary>
public sealed class PagingTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, int> Lists => new()
    {
        { "/api/captures", 200 },
        { "/api/batches/00000000-0000-0000-0000-000000000001", 1000 },
        { "/api/articles", 200 },
        { "/api/publishers", 200 },
        { "/api/publishers/example.com/articles", 200 },
        { "/api/audit/republications", 1000 },
        { "/api/search?q=council", 100 },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Every_list_refuses_a_bad_page_with_the_same_problem(string list, int maxPageSize)
    {
        var join = list.Contains('?', StringComparison.Ordinal) ? '&' : '?';

        var page = await (await _client.GetAsync($"{list}{join}page=0")).ReadProblemAsync(HttpStatusCode.BadRequest);
        var size = await (await _client.GetAsync($"{list}{join}pageSize={maxPageSize + 1}")).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("The request is not valid.", page.GetProperty("title").GetString());
        Assert.Equal(["page must be 1 or more, not 0."], page.GetProperty("errors").GetProperty("page").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([$"pageSize must be between 1 and {maxPageSize}, not {maxPageSize + 1}."],
            size.GetProperty("errors").GetProperty("pageSize").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(page.GetProperty("type").GetString(), size.GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Every_list_answers_its_page_and_size(string list, int maxPageSize)
    {
        var join = list.Contains('?', StringComparison.Ordinal) ? '&' : '?';

        var response = await _client.GetAsync($"{list}{join}page=2&pageSize={maxPageSize}");

        // The batch of the theory does not exist: its page is checked before it is looked for, and then it is not found.
        if (list.StartsWith("/api/batches/", StringComparison.Ordinal) || list.StartsWith("/api/publishers/", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return;
        }
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, body.GetProperty("page").GetInt32());
        Assert.Equal(maxPageSize, body.GetProperty("pageSize").GetInt32());
        Assert.True(body.GetProperty("total").GetInt32() >= 0);
    }
}
