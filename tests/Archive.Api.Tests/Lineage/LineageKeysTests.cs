using Archive.Api.Tests.Infrastructure;
using Archive.Data.Lineage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Archive.Api.Tests.Infrastructure.Statements;

namespace Archive.Api.Tests.Lineage;

/// <summary>
/// An article's fingerprint keys and site paragraphs are inserted less those it already holds, without ON CONFLICT's probe of
/// the primary key for every row; a batch that meets the same key anyway (two updates of one article at once) runs again
/// skipping conflicts, and ends with the same rows. A new article's first ones are only inserted.
/// </summary>
public sealed class LineageKeysTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly Guid Site = Guid.CreateVersion7();

    [Fact]
    public async Task Keys_already_held_are_kept_and_only_the_missing_ones_inserted()
    {
        var article = Guid.CreateVersion7();
        Assert.Equal(new long[] { 11, 13 }, await ReplaceAsync(article, [2, 4], [11, 13]));

        var changed = await ReplaceAsync(article, [4, 6], [13, 15]);

        Assert.Equal(new long[] { 11, 15 }, changed);
        Assert.Equal(new long[] { 4, 6 }, await KeysAsync("fingerprint_keys", article));
        Assert.Equal(new long[] { 13, 15 }, await KeysAsync("site_paragraphs", article));
    }

    [Fact]
    public async Task Keys_an_update_of_the_same_article_inserts_meanwhile_are_skipped_once_it_commits()
    {
        var article = Guid.CreateVersion7();
        await using var other = new NpgsqlConnection(factory.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await ExecuteAsync(other, "INSERT INTO fingerprint_keys (key, article_id) VALUES (8, $1)", article);
        await ExecuteAsync(other, "INSERT INTO site_paragraphs (publisher_id, key, article_id) VALUES ($2, 21, $1)", article, Site);

        var replacing = ReplaceAsync(article, [8, 10], [21, 23]);
        // The batch reaches the key the other update holds uncommitted, and waits for it.
        await using var watch = new NpgsqlConnection(factory.ConnectionString);
        await watch.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!replacing.IsCompleted && !await WaitsOnLockAsync(watch))
        {
            Assert.True(DateTime.UtcNow < deadline, "the replacement never waited for the other update");
            await Task.Delay(20);
        }
        await transaction.CommitAsync();

        Assert.Equal(new long[] { 23 }, await replacing);
        Assert.Equal(new long[] { 8, 10 }, await KeysAsync("fingerprint_keys", article));
        Assert.Equal(new long[] { 21, 23 }, await KeysAsync("site_paragraphs", article));
    }

    [Fact]
    public async Task First_keys_are_only_inserted_and_meeting_keys_already_held_replace_them_instead()
    {
        var fresh = Guid.CreateVersion7();
        Assert.Equal(new long[] { 41, 43 }, await ReplaceAsync(fresh, [12, 14], [41, 43], firstKeys: true));
        Assert.Equal(new long[] { 12, 14 }, await KeysAsync("fingerprint_keys", fresh));
        Assert.Equal(new long[] { 41, 43 }, await KeysAsync("site_paragraphs", fresh));

        // Another version's update wrote the article's keys first: the insert meets one, and the batch replaces them.
        var raced = Guid.CreateVersion7();
        await ReplaceAsync(raced, [16, 18], [45, 47]);
        var changed = await ReplaceAsync(raced, [18, 20], [47, 49], firstKeys: true);

        Assert.Equal(new long[] { 45, 49 }, changed);
        Assert.Equal(new long[] { 18, 20 }, await KeysAsync("fingerprint_keys", raced));
        Assert.Equal(new long[] { 47, 49 }, await KeysAsync("site_paragraphs", raced));
    }

    [Fact]
    public async Task A_key_given_twice_is_stored_once()
    {
        var article = Guid.CreateVersion7();

        Assert.Equal(new long[] { 31, 33 }, await ReplaceAsync(article, [5, 5, 7], [31, 33, 31]));

        Assert.Equal(new long[] { 5, 7 }, await KeysAsync("fingerprint_keys", article));
        Assert.Equal(new long[] { 31, 33 }, await KeysAsync("site_paragraphs", article));
    }

    private async Task<long[]> ReplaceAsync(Guid article, long[] keys, long[] siteKeys, bool firstKeys = false)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LineageStore>()
            .ReplaceIndexesAsync(article, keys, Site, siteKeys, firstKeys, CancellationToken.None);
    }

    private async Task<long[]> KeysAsync(string table, Guid article)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT coalesce(array_agg(key ORDER BY key), '{{}}') FROM {table} WHERE article_id = $1",
            connection) { Parameters = { new() { Value = article } } };
        return (long[])(await command.ExecuteScalarAsync())!;
    }

    /// <summary>True when a session waits on a lock while writing fingerprint keys.</summary>
    private static async Task<bool> WaitsOnLockAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            SELECT EXISTS (SELECT FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO fingerprint_keys%' AND pid <> pg_backend_pid())
            """, connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
