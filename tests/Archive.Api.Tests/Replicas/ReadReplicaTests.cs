using System.Net;
using Archive.Api.Tests.Infrastructure;
using Archive.Data.Replicas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Archive.Api.Tests.Replicas;

/// <summary>The service with <c>ConnectionStrings:ArchiveRead</c> on a real streaming replica; the tests drive its probes.</summary>
public sealed class ReplicaApiFactory(StreamingReplica pair, TimeSpan maxLag, TimeProvider? clock = null) : ArchiveApiFactory
{
    protected override TimeProvider? Clock => clock;

    private readonly string database = $"archive_replica_{Guid.NewGuid():N}";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("ConnectionStrings:Archive", pair.PrimaryConnectionString(database)),
        new("ConnectionStrings:ArchiveRead", pair.ReplicaConnectionString(database)),
        new("ReadReplica:MaxLag", maxLag.ToString()),
        new("ReadReplica:ProbeInterval", "01:00:00"), // one probe at start; the tests probe when they mean to
    ];

    public ReadReplica Replica => Services.GetRequiredService<ReadReplica>();

    /// <summary>Waits until the replica has replayed everything the primary has written so far.</summary>
    public async Task CaughtUpAsync()
    {
        var target = await Replica.PrimaryPositionAsync(CancellationToken.None);
        for (var i = 0; i < 300; i++)
        {
            await Replica.ProbeAsync(CancellationToken.None);
            if (Replica.Usable && Replica.Replayed >= target)
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"The replica did not catch up with {target} (replayed {Replica.Replayed}).");
    }
}

public sealed class ReplicaFixture : IAsyncLifetime
{
    public StreamingReplica Pair { get; } = new();

    public ReplicaApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (StreamingReplica.BinDirectory is null)
        {
            return; // every test here is skipped, saying why
        }
        await Pair.InitializeAsync();
        Factory = new ReplicaApiFactory(Pair, TimeSpan.FromHours(1));
        await ((IAsyncLifetime)Factory).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Factory is not null)
        {
            await ((IAsyncLifetime)Factory).DisposeAsync();
        }
        if (StreamingReplica.BinDirectory is not null)
        {
            await Pair.DisposeAsync();
        }
    }
}

public sealed class ReadReplicaTests(ReplicaFixture fixture) : IClassFixture<ReplicaFixture>
{
    private const string Marker = "Archive-Read-After";

    [ReplicaFact]
    public async Task A_writer_reads_its_write_at_once_while_other_callers_read_the_replica_behind_it()
    {
        var factory = fixture.Factory;
        var writer = factory.CreateClient(); // the admin key, and a cookie jar
        var other = factory.CreateClientWithKey(null);
        var first = await UploadAsync(writer, "Harbour board approves the new ferry timetable");
        await factory.CaughtUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/articles/{first}")).StatusCode);

        await fixture.Pair.OnReplicaAsync("SELECT pg_wal_replay_pause()");
        try
        {
            await ReplayPausedAsync();
            var response = await writer.PostJsonAsync("/api/captures", Upload("Council delays the vote on the bridge repairs"));
            var second = (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            var marker = Assert.Single(response.Headers.GetValues(Marker));

            // Stale by design: a caller that wrote nothing reads the replica, which has not replayed the write.
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/articles/{second}")).StatusCode);
            Assert.DoesNotContain(second.ToString(), await other.GetStringAsync("/api/articles"), StringComparison.Ordinal);

            // Its writer reads it at once (its key's marker and its cookie name the write's position).
            var read = await (await writer.GetAsync($"/api/articles/{second}/versions")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("Council delays the vote on the bridge repairs", read[0].GetProperty("title").GetString());
            Assert.Contains(second.ToString(), await writer.GetStringAsync("/api/articles"), StringComparison.Ordinal);

            // Any caller that carries the marker, as the header or as the cookie, reads it too.
            var withHeader = factory.CreateClientWithKey(null);
            withHeader.DefaultRequestHeaders.Add(Marker, marker);
            Assert.Equal(HttpStatusCode.OK, (await withHeader.GetAsync($"/api/articles/{second}/text")).StatusCode);
            var withCookie = factory.CreateClientWithKey(null);
            withCookie.DefaultRequestHeaders.Add("Cookie", $"{Marker}={marker}");
            Assert.Equal(HttpStatusCode.OK, (await withCookie.GetAsync($"/api/articles/{second}/lineage")).StatusCode);
            Assert.Contains(Marker, string.Join(';', response.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Pair.OnReplicaAsync("SELECT pg_wal_replay_resume()");
        }
        await factory.CaughtUpAsync();
        Assert.Contains("Council delays", await other.GetStringAsync("/api/search?q=bridge"), StringComparison.Ordinal);
    }

    [ReplicaFact]
    public async Task Reads_are_answered_by_the_primary_when_the_replica_is_down()
    {
        var factory = fixture.Factory;
        var other = factory.CreateClientWithKey(null);
        var id = await UploadAsync(factory.CreateClient(), "Rail operator names a new chief engineer");
        await factory.CaughtUpAsync();
        await fixture.Pair.StopReplicaAsync();
        try
        {
            // The last probe said the replica was fine: the first read meets it down, and is answered all the same.
            Assert.True(factory.Replica.Usable);
            var article = await (await other.GetAsync($"/api/articles/{id}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("Rail operator names a new chief engineer", article.GetProperty("title").GetString());
            Assert.False(factory.Replica.Usable);
            foreach (var path in new[] { "/api/articles", "/api/publishers", "/api/search?q=engineer", "/api/audit/republications", "/" })
            {
                Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(path)).StatusCode);
            }
            await factory.Replica.ProbeAsync(CancellationToken.None);
            Assert.False(factory.Replica.Usable);
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/articles/{id}/versions")).StatusCode);
        }
        finally
        {
            await fixture.Pair.StartReplicaAsync();
        }
        await factory.CaughtUpAsync();
        Assert.True(factory.Replica.Usable);
    }

    [ReplicaFact]
    public async Task A_replica_further_behind_than_MaxLag_serves_nothing()
    {
        // The lag is the time since the probe first saw a write the replica had not replayed, on the service's clock: a fake
        // one, so "not yet for long" and "too long" do not depend on how busy the machine is.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var factory = new ReplicaApiFactory(fixture.Pair, TimeSpan.FromSeconds(1), time);
        await ((IAsyncLifetime)factory).InitializeAsync();
        try
        {
            var other = factory.CreateClientWithKey(null);
            await factory.CaughtUpAsync();
            await fixture.Pair.OnReplicaAsync("SELECT pg_wal_replay_pause()");
            try
            {
                await ReplayPausedAsync();
                var id = await UploadAsync(factory.CreateClient(), "Water company fined over the summer leaks");
                await factory.Replica.ProbeAsync(CancellationToken.None);
                Assert.True(factory.Replica.Usable); // behind, but not yet for long
                Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/articles/{id}")).StatusCode);
                time.Advance(TimeSpan.FromSeconds(1));
                await factory.Replica.ProbeAsync(CancellationToken.None);
                Assert.True(factory.Replica.Usable); // a second behind is within MaxLag
                time.Advance(TimeSpan.FromMilliseconds(1));
                await factory.Replica.ProbeAsync(CancellationToken.None);
                Assert.False(factory.Replica.Usable);
                Assert.Equal(TimeSpan.FromMilliseconds(1001), factory.Replica.Lag);
                Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/articles/{id}")).StatusCode);
            }
            finally
            {
                await fixture.Pair.OnReplicaAsync("SELECT pg_wal_replay_resume()");
            }
            await factory.CaughtUpAsync();
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    private async Task ReplayPausedAsync()
    {
        for (var i = 0; i < 100 && (string?)await fixture.Pair.OnReplicaAsync("SELECT pg_get_wal_replay_pause_state()") != "paused"; i++)
        {
            await Task.Delay(50);
        }
    }

    private static object Upload(string title) => new
    {
        url = $"https://news.example/{Guid.NewGuid():N}",
        html = $"<html lang=\"en\"><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{title}: the decision was " +
            $"announced on Tuesday after a long meeting.</p><p>{title}, and the reaction from residents followed.</p></article></body></html>",
    };

    private static async Task<Guid> UploadAsync(HttpClient client, string title) =>
        (await (await client.PostJsonAsync("/api/captures", Upload(title))).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
