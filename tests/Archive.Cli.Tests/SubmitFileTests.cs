using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Log;

namespace Archive.Cli.Tests;

/// <summary><c>archive submit URL --file page.html</c> against the real service on 127.0.0.1: the saved page is the
/// capture byte for byte, whatever its charset, and its text is read in that charset.</summary>
public sealed class SubmitFileTests(LiveApiFactory service) : IClassFixture<LiveApiFactory>
{
    private Dictionary<string, string?> Environment => new()
    {
        ["ARCHIVE_URL"] = service.Address,
        ["ARCHIVE_API_KEY"] = ArchiveApiFactory.AdminKey,
    };

    [Fact]
    public async Task A_windows_1252_file_is_stored_as_it_is_and_read_in_its_charset()
    {
        const string title = "Café terraces on the quay to close early";
        var bytes = CapturedFiles.Windows1252(title,
            "The harbour board voted on Tuesday to close the café terraces on the quay at ten in the evening from next month, " +
            "after residents complained of noise through the summer.",
            "Owners will appeal, après the council's next meeting.");
        var file = Path.Combine(Path.GetTempPath(), $"submit-{Guid.NewGuid():N}.html");
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            var run = await CliProcess.RunAsync(Environment, "submit", "https://www.harbourgazette.com/news/cafe-terraces", "--file", file,
                "--captured-at", "2024-05-01T10:00:00Z");

            Assert.True(run.ExitCode == 0, run.Stderr);
            var fields = run.Stdout.Trim().Split('\t');
            Assert.Equal(title, fields[2]);
            using var client = service.CreateClient();
            using var article = JsonDocument.Parse(await client.GetStringAsync($"/api/articles/{fields[0]}"));
            var capture = article.RootElement.GetProperty("capture");
            await CapturedFiles.AssertCaptureIsAsync(client, capture, bytes);
            Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), capture.GetProperty("capturedAt").GetDateTimeOffset());
            Assert.Contains("après", article.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
