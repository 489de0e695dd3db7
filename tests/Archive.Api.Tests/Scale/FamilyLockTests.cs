using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Npgsql;
using static Archive.Api.Tests.Infrastructure.Statements;

namespace Archive.Api.Tests.Scale;

/// <summary>
/// Lineage updates lock the story families they change, not the whole archive: while an update of one family is stalled
/// inside its transaction (a trigger holds its first link insert on a lock the test owns), a copy of an unrelated story
/// is linked at once, and a second copy of the stalled story waits for the first update to finish.
/// </summary>
public sealed class FamilyLockTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private const long Gate = 715_001;
    private const long FirstStaller = 715_002;
    private static readonly DateTimeOffset Published = new(2024, 5, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Unrelated_families_update_side_by_side_while_updates_of_one_family_serialise()
    {
        var harbour = new Story(1501, "Harbour dredging contract signed after long tender");
        var railway = new Story(1502, "Northern railway line to reopen after flood repairs");
        // No site carries both stories: a page whose site template another page changes is a family update of its own.
        Outlet[] outlets =
        [
            new("Harbour Gazette", "harbourgazette.com"), new("Valley Courier", "valleycourier.net"),
            new("Coast Herald", "coastherald.org"), new("Plains Daily", "plainsdaily.com"),
        ];
        Outlet[] others = [new("Rail Times", "railtimes.com"), new("Lakeside Post", "lakesidepost.net"), new("Hill Tribune", "hilltribune.org")];
        var harbourOrigin = (await UploadAsync(outlets[0], "dredging", harbour, 0)).GetProperty("id").GetGuid();
        await UploadAsync(outlets[1], "dredging", harbour, 1);
        await UploadAsync(others[0], "railway", railway, 0);
        await UploadAsync(others[1], "railway", railway, 1);

        await using var gate = await OpenAsync();
        await ExecuteAsync(gate, $"SELECT pg_advisory_lock({Gate})");
        // The first transaction to insert a link of the harbour family stalls on the test's gate; later ones pass.
        await ExecuteAsync(gate, $"""
            CREATE FUNCTION stall_harbour() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.origin_id = '{harbourOrigin}' AND pg_try_advisory_xact_lock({FirstStaller}) THEN
                    PERFORM pg_advisory_xact_lock_shared({Gate});
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER stall_harbour BEFORE INSERT ON lineage_links FOR EACH ROW EXECUTE FUNCTION stall_harbour();
            """);
        Task<JsonElement>? stalled = null, second = null;
        try
        {
            stalled = UploadAsync(outlets[2], "dredging", harbour, 2);
            await WaitUntilAsync(() => StalledAsync(gate), "the harbour update to stall");

            // Another story's family is not held up by the stalled one.
            var railwayCopy = UploadAsync(others[2], "railway", railway, 2);
            var finished = await Task.WhenAny(railwayCopy, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.True(finished == railwayCopy, "a copy of an unrelated story waited for the stalled family update");
            // ... and did not merely outlast it (a statement gives up after its command timeout, its locks with it).
            Assert.True(await StalledAsync(gate), "the stalled family update ended before the unrelated one finished");
            var railwayId = (await railwayCopy).GetProperty("id").GetGuid();
            Assert.Equal(1L, await ScalarAsync(gate, $"SELECT count(*) FROM lineage_links WHERE republication_id = '{railwayId}'"));

            // A second copy of the stalled story waits for the first update: the family's updates never interleave.
            second = UploadAsync(outlets[3], "dredging", harbour, 3);
            finished = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(5)));
            Assert.False(finished == second, "an update of the stalled family ran while another update of it was under way");
            Assert.True(await StalledAsync(gate), "the stalled family update ended before the test could see the other wait");
        }
        finally
        {
            await ExecuteAsync(gate, $"SELECT pg_advisory_unlock({Gate})");
        }
        await stalled;
        var last = (await second).GetProperty("id").GetGuid();
        await ExecuteAsync(gate, "DROP TRIGGER stall_harbour ON lineage_links");
        // Serialised, the later update saw the earlier one's family: all four harbour pages are one family with one origin.
        Assert.Equal(3L, await ScalarAsync(gate, $"SELECT count(*) FROM lineage_links WHERE origin_id = '{harbourOrigin}'"));
        Assert.Equal(1L, await ScalarAsync(gate, $"SELECT count(*) FROM lineage_links WHERE republication_id = '{last}'"));
    }

    /// <summary>Uploads the story as the outlet's page, published <paramref name="hoursLater"/> after the first.</summary>
    private async Task<JsonElement> UploadAsync(Outlet outlet, string slug, Story story, int hoursLater) =>
        await (await _client.PostJsonAsync("/api/captures",
                new { url = outlet.Url(slug), html = outlet.Page(story.Title, story.Paragraphs, Published.AddHours(hoursLater)) }))
            .ReadJsonAsync(HttpStatusCode.Created);

    /// <summary>True while the stalled update waits on the gate, inside its transaction.</summary>
    private static async Task<bool> StalledAsync(NpgsqlConnection gate) =>
        await ScalarAsync(gate, $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = {Gate}") > 0;

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
