using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Access;

public sealed class ApiKeyTests(LoggedApiFactory factory) : IClassFixture<LoggedApiFactory>
{
    private const string Page = "<html><head><title>Keys</title></head><body><article><p>A story about keys and who holds them.</p></article></body></html>";

    private readonly HttpClient _admin = factory.CreateClient();

    private async Task<(Guid Id, string Key)> CreateKeyAsync(string role)
    {
        var created = await (await _admin.PostJsonAsync("/api/keys", new { name = $"{role} key", role })).ReadJsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    private static object Upload(string path) => new { url = $"https://keys.example/{path}", html = Page };

    [Fact]
    public async Task A_write_without_a_key_is_refused_with_401_once_keys_exist()
    {
        var response = await factory.CreateClientWithKey(null).PostJsonAsync("/api/captures", new { url = "https://keys.example/none" });

        var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_key_may_read_but_gets_403_on_submit()
    {
        var (_, key) = await CreateKeyAsync("reader");
        var reader = factory.CreateClientWithKey(key);

        await (await reader.PostJsonAsync("/api/captures", Upload("reader"))).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/publishers")).StatusCode);
    }

    [Fact]
    public async Task A_page_sent_as_itself_needs_a_submitter_key_as_json_does()
    {
        static ByteArrayContent Body()
        {
            var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Page));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/html");
            return content;
        }
        const string path = "/api/captures?url=https%3A%2F%2Fkeys.example%2Fpage-body";
        var (_, readerKey) = await CreateKeyAsync("reader");
        var (submitterId, submitterKey) = await CreateKeyAsync("submitter");

        await (await factory.CreateClientWithKey(null).PostAsync(path, Body())).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await factory.CreateClientWithKey("not-a-key").PostAsync(path, Body())).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await factory.CreateClientWithKey(readerKey).PostAsync(path, Body())).ReadProblemAsync(HttpStatusCode.Forbidden);
        var article = await (await factory.CreateClientWithKey(submitterKey).PostAsync(path, Body())).ReadJsonAsync(HttpStatusCode.Created);

        var capture = await (await _admin.GetAsync($"/api/captures/{article.GetProperty("capture").GetProperty("id").GetGuid()}"))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(submitterId.ToString(), capture.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submitter_key_submits_and_the_capture_records_which_key()
    {
        var (id, key) = await CreateKeyAsync("submitter");
        var submitter = factory.CreateClientWithKey(key);

        await (await submitter.PostJsonAsync("/api/captures", new { url = "https://keys.example/queued" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var article = await (await submitter.PostJsonAsync("/api/captures", Upload("submitter"))).ReadJsonAsync(HttpStatusCode.Created);

        var captureId = article.GetProperty("capture").GetProperty("id").GetGuid();
        var status = await (await submitter.GetAsync($"/api/captures/{captureId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal($"key:{id}", status.GetProperty("capture").GetProperty("submittedBy").GetString());
        // A submitter cannot manage keys.
        await (await submitter.GetAsync("/api/keys")).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var (id, key) = await CreateKeyAsync("submitter");
        var client = factory.CreateClientWithKey(key);
        await (await client.PostJsonAsync("/api/captures", Upload("before-revoke"))).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/keys/{id}")).StatusCode);

        await (await client.PostJsonAsync("/api/captures", Upload("after-revoke"))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var listed = await (await _admin.GetAsync("/api/keys")).ReadJsonAsync(HttpStatusCode.OK);
        var revoked = listed.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        Assert.NotEqual(JsonValueKind.Null, revoked.GetProperty("revokedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync($"/api/keys/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task The_admin_key_from_the_environment_is_provisioned_and_listed_without_its_secret()
    {
        var listed = await (await _admin.GetAsync("/api/keys")).ReadJsonAsync(HttpStatusCode.OK);

        var admin = listed.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "ARCHIVE_ADMIN_KEY");
        Assert.Equal("admin", admin.GetProperty("role").GetString());
        Assert.False(admin.TryGetProperty("secret", out _));
        Assert.DoesNotContain(ArchiveApiFactory.AdminKey, listed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_an_unknown_role_is_a_validation_problem()
    {
        var problem = await (await _admin.PostJsonAsync("/api/keys", new { name = "x", role = "owner" })).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task No_key_ever_appears_in_the_logs()
    {
        var (_, key) = await CreateKeyAsync("submitter");
        await factory.CreateClientWithKey(key).PostJsonAsync("/api/captures", Upload("logged"));
        await factory.CreateClientWithKey(key + "x").PostJsonAsync("/api/captures", Upload("wrong-key"));
        await factory.CreateClientWithKey(key).GetAsync("/api/keys");

        var logs = factory.Logs.Lines.ToList();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, line => line.Contains("ApiKey", StringComparison.Ordinal)); // the handler did log its refusals
        Assert.DoesNotContain(logs, line => line.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains(ArchiveApiFactory.AdminKey, StringComparison.Ordinal));
    }
}
