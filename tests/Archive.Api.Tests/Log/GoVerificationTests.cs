using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Log;

/// <summary>
/// The log checked by Go's golang.org/x/mod/sumdb/note and tlog over real HTTP: checkpoints, a fresh upload's receipt,
/// consistency between checkpoints, the tlog-tiles resources, and refusals of what was tampered with.
/// </summary>
public sealed class GoVerificationTests(LiveApiFactory factory) : IClassFixture<LiveApiFactory>, IDisposable
{
    private readonly HttpClient _client = factory.CreateClient();
    private readonly List<string> _saved = [];

    public void Dispose()
    {
        foreach (var path in _saved)
        {
            File.Delete(path);
        }
    }

    [GoFact]
    public async Task Go_opens_the_signed_checkpoint_with_the_published_key()
    {
        var (code, output) = await GoVerifier.RunAsync("checkpoint", factory.Address);

        Assert.True(code == 0, output);
        var checkpoint = (await _client.GetStringAsync("/api/log/checkpoint")).Split('\n');
        var key = await _client.GetStringAsync("/api/log/key");
        Assert.StartsWith("archive.localhost/log+", key, StringComparison.Ordinal);
        Assert.Equal("archive.localhost/log", checkpoint[0]);
        Assert.Equal($"{checkpoint[1]} {checkpoint[2]}", output);
    }

    [GoFact]
    public async Task Go_verifies_the_inclusion_proof_in_a_fresh_upload_s_receipt()
    {
        var article = await UploadAsync("receipt");

        // Asked for at once: the upload answered only after its entry was integrated under a signed checkpoint.
        var receipt = await _client.GetStringAsync($"/api/articles/{article.GetProperty("id")}/receipt");
        var (code, output) = await GoVerifier.RunAsync("receipt", await SaveAsync(receipt));

        Assert.True(code == 0, output);
        var index = JsonDocument.Parse(receipt).RootElement.GetProperty("index").GetInt64();
        Assert.Equal(article.GetProperty("log").GetInt64(), index);
        Assert.StartsWith($"entry {index} is in the signed tree of ", output, StringComparison.Ordinal);
    }

    [GoFact]
    public async Task Go_verifies_a_consistency_proof_between_two_checkpoints_and_refuses_a_forged_one()
    {
        await UploadAsync("before");
        var old = await SaveAsync(await _client.GetStringAsync("/api/log/checkpoint"));
        var oldSize = long.Parse((await File.ReadAllTextAsync(old)).Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 3; i++)
        {
            await UploadAsync($"after-{i}");
        }

        var (code, output) = await GoVerifier.RunAsync("consistency", factory.Address, old);
        Assert.True(code == 0, output);
        Assert.EndsWith($"extends tree {oldSize}", output, StringComparison.Ordinal);

        var proof = JsonNode.Parse(await _client.GetStringAsync($"/api/log/proofs/consistency?from={oldSize}"))!;
        var hashes = proof["hashes"]!.AsArray();
        Assert.NotEmpty(hashes);
        var forged = Convert.FromBase64String(hashes[0]!.GetValue<string>());
        forged[0] ^= 0x01;
        hashes[0] = Convert.ToBase64String(forged);
        (code, output) = await GoVerifier.RunAsync("consistency", factory.Address, old, await SaveAsync(proof.ToJsonString()));
        Assert.True(code == 1, output);
        Assert.StartsWith("REFUSED:", output, StringComparison.Ordinal);
    }

    [GoFact]
    public async Task Go_refuses_a_receipt_whose_entry_or_checkpoint_was_tampered_with()
    {
        var article = await UploadAsync("tamper");
        var receipt = JsonNode.Parse(await _client.GetStringAsync($"/api/articles/{article.GetProperty("id")}/receipt"))!;

        var entry = Encoding.UTF8.GetString(Convert.FromBase64String(receipt["entry"]!.GetValue<string>()));
        var altered = receipt.DeepClone();
        altered["entry"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(entry.Replace("https://tamper.example/", "https://forged.example/", StringComparison.Ordinal)));
        var (code, output) = await GoVerifier.RunAsync("receipt", await SaveAsync(altered.ToJsonString()));
        Assert.True(code == 1, output);
        Assert.Contains("inclusion of entry", output, StringComparison.Ordinal);

        var resigned = receipt.DeepClone();
        var note = receipt["checkpoint"]!.GetValue<string>();
        var lines = note.Split('\n');
        lines[1] = (long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        resigned["checkpoint"] = string.Join('\n', lines);
        (code, output) = await GoVerifier.RunAsync("receipt", await SaveAsync(resigned.ToJsonString()));
        Assert.True(code == 1, output);
        Assert.Contains("checkpoint note", output, StringComparison.Ordinal);
    }

    [GoFact]
    public async Task Go_follows_the_log_through_its_tiles_and_derives_the_same_proofs()
    {
        // More than one full tile, so level-1 tiles and entry bundles of both kinds are served.
        using (var scope = factory.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<LogStore>();
            for (var i = 0; i < 600; i++)
            {
                store.OweLineage(Guid.CreateVersion7(), DateTimeOffset.UtcNow, [(Guid.CreateVersion7(), null)]);
            }
            await scope.ServiceProvider.GetRequiredService<ArchiveDbContext>().SaveChangesAsync();
        }
        Assert.True(await factory.Services.GetRequiredService<Archive.Api.Log.LogSequencer>().WaitForPassAsync(CancellationToken.None));

        var (code, output) = await GoVerifier.RunAsync("follow", factory.Address);

        Assert.True(code == 0, output);
        var size = (await _client.GetStringAsync("/api/log/checkpoint")).Split('\n')[1];
        Assert.True(long.Parse(size, System.Globalization.CultureInfo.InvariantCulture) >= 600);
        Assert.Equal($"followed {size} entries through the tiles", output);
    }

    private async Task<JsonElement> UploadAsync(string name)
    {
        var html = $"<html><head><title>{name}</title></head><body><article><h1>Story {name}</h1>" +
            $"<p>The harbour council voted on {name} after a long debate about the river bridge and its budget.</p>" +
            $"<p>Residents of {name} said the plan would change the town for a generation, for better or worse.</p></article></body></html>";
        var response = await _client.PostJsonAsync("/api/captures", new { url = $"https://{name}.example/news/{Guid.NewGuid():N}", html });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    private async Task<string> SaveAsync(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"archive-log-test-{Guid.NewGuid():N}");
        _saved.Add(path);
        await File.WriteAllTextAsync(path, content);
        return path;
    }
}
