using System.Net;
using Archive.Api.Search;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Data;
using Archive.Data.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>The service as deployed: searches see an upload only once the indexer has built its row.</summary>
public sealed class SearchLagApiFactory : ArchiveApiFactory
{
    protected override bool SearchCaughtUp => false;
}

/// <summary>
/// Search rows are built after the upload's commit by <see cref="SearchIndexer"/> (migration SearchIndexedAfterCommit):
/// nothing owed is lost to a killed indexer, the newest version wins, and the rows are the ones the trigger built.
/// </summary>
public sealed class SearchIndexerTests(SearchLagApiFactory factory) : IClassFixture<SearchLagApiFactory>
{
    private static readonly Outlet Gazette = new("Harbour Gazette", "harbourgazette.com");
    private static readonly DateTimeOffset Published = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _client = factory.CreateClient();

    // The trigger's row as the migrations before SearchIndexedAfterCommit built it (SearchPhrasePairs' refresh), the reference.
    private const string TriggerRow = """
        SELECT r.version_id, r.publisher_id, r.code, r.sort_at, r.document::text, archive_search_pairs(r.document)::text
        FROM (SELECT a.id, v.id AS version_id, a.publisher_id, l.code, coalesce(v.published_at, v.captured_at) AS sort_at,
                     archive_search_qualify(
                         setweight(to_tsvector(archive_search_config(l.code), coalesce(v.title, '')), 'A') ||
                         setweight(to_tsvector(archive_search_config(l.code), left(v.text, 250000)), 'B'), l.code) AS document
              FROM articles a JOIN article_versions v ON v.id = a.current_version_id
              CROSS JOIN LATERAL (SELECT archive_search_language(v.language) AS code) AS l
              WHERE a.id = $1) AS r
        """;

    private const string StoredRow = """
        SELECT s.version_id, s.publisher_id, s.language, s.sort_at, s.document::text, s.pairs::text
        FROM article_search s WHERE s.article_id = $1
        """;

    [Fact]
    public async Task An_upload_is_searchable_once_the_indexer_has_built_its_row_and_the_row_is_the_one_the_trigger_built()
    {
        var id = await UploadAsync("dredging-plan", "Dredging plan approved for the outer channel", Published,
            "The harbour board approved the dredging plan for the outer channel on Tuesday.", "Pilots said the work was overdue.");

        await SearchIndexWait.CaughtUpAsync(factory.ConnectionString);

        Assert.Contains(id, await SearchIdsAsync("dredging"));
        await using var connection = await OpenAsync();
        Assert.Equal(await RowAsync(connection, TriggerRow, id), await RowAsync(connection, StoredRow, id));
    }

    [Fact]
    public async Task An_article_with_a_word_too_long_for_a_prefixed_lexeme_is_indexed_without_that_word()
    {
        // to_tsvector keeps a word of up to 2,046 bytes; the language code and colon in front took this one past tsvector's
        // limit, the row could not be built, and the article stayed owed: found by none of its words (SearchWordsWithinTheLimit).
        var id = await UploadAsync("breakwater-annex", "Breakwater survey annex published", Published,
            $"The breakwater survey lists the annex {new string('q', 2044)} among its appendices.",
            "Engineers signed the report on Friday after the winter storms.");

        await SearchIndexWait.CaughtUpAsync(factory.ConnectionString);

        Assert.Contains(id, await SearchIdsAsync("breakwater"));
        await using var connection = await OpenAsync();
        Assert.Equal(0L, await ScalarAsync<long>(connection,
            "SELECT count(*) FROM article_search s, unnest(s.document || s.pairs) AS u WHERE s.article_id = $1 AND u.lexeme LIKE '%qqqq%'", id));
    }

    [Fact]
    public async Task Several_versions_of_one_article_end_with_the_newest_versions_row()
    {
        Guid id = default;
        string[] words = ["lantern", "beacon", "signal"];
        for (var i = 0; i < words.Length; i++)
        {
            // Uploaded oldest last: the current version is the newest capture, whatever the order.
            var when = Published.AddDays(words.Length - i);
            id = await UploadAsync("quay-light", $"Quay light report {words[words.Length - 1 - i]}", when,
                $"The quay {words[words.Length - 1 - i]} was repaired, the harbour master said.", "Ships may berth again.");
        }

        await SearchIndexWait.CaughtUpAsync(factory.ConnectionString);

        await using var connection = await OpenAsync();
        var current = await ScalarAsync<Guid>(connection, "SELECT current_version_id FROM articles WHERE id = $1", id);
        var stored = await RowAsync(connection, StoredRow, id);
        Assert.Equal(current, stored[0]);
        Assert.Equal(await RowAsync(connection, TriggerRow, id), stored);
        Assert.Contains(id, await SearchIdsAsync("signal"));
        Assert.DoesNotContain(id, await SearchIdsAsync("lantern"));
    }

    [Fact]
    public async Task A_row_owed_by_a_killed_indexer_is_built_by_the_next_one()
    {
        await SearchIndexWait.CaughtUpAsync(factory.ConnectionString);
        await using var holder = await OpenAsync();
        await using var block = await holder.BeginTransactionAsync();
        // The indexer's insert waits behind this lock; the upload does not touch the search table at all.
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE article_search IN SHARE MODE", holder, block))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        var id = await UploadAsync("ferry-strike", "Ferry crews strike over rosters", Published,
            "Ferry crews walked out over new rosters on Monday morning.", "The operator cancelled every sailing.");

        await using var connection = await OpenAsync();
        var indexer = await WaitForAsync(connection, """
            SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND l.relation = 'article_search'::regclass AND a.query LIKE '%article_search_index_owed%' LIMIT 1
            """);
        Assert.True(await ScalarAsync<bool>(connection, "SELECT pg_terminate_backend($1)", indexer));
        var hosted = factory.Services.GetRequiredService<SearchIndexer>();
        await hosted.StopAsync(CancellationToken.None);
        await block.RollbackAsync();

        Assert.Equal(1L, await SearchIndexing.OwedAsync(connection, CancellationToken.None));
        Assert.Equal(0L, await ScalarAsync<long>(connection, "SELECT count(*) FROM article_search WHERE article_id = $1", id));
        Assert.DoesNotContain(id, await SearchIdsAsync("rosters"));

        // A process started again finds what is owed in the database, not in memory.
        using var restarted = ActivatorUtilities.CreateInstance<SearchIndexer>(factory.Services);
        await restarted.StartAsync(CancellationToken.None);
        try
        {
            await SearchIndexWait.CaughtUpAsync(factory.ConnectionString);
        }
        finally
        {
            await restarted.StopAsync(CancellationToken.None);
            await hosted.StartAsync(CancellationToken.None); // the class's other tests need it
        }
        Assert.Contains(id, await SearchIdsAsync("rosters"));
        Assert.Equal(await RowAsync(connection, TriggerRow, id), await RowAsync(connection, StoredRow, id));
    }

    [Fact]
    public async Task A_batch_builds_its_rows_in_its_own_planned_statement_instead_of_planning_a_row_function_at_every_call()
    {
        await SearchIndexWait.CaughtUpAsync(factory.ConnectionString);
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Holding the indexers' lock keeps the service's own indexer from building the upload's row first.
        await ScalarAsync<object>(connection, "SELECT pg_advisory_xact_lock($1)", LockKeys.SearchIndexer);
        await ScalarAsync<object>(connection, "SELECT set_config('track_functions', 'all', true)");
        var id = await UploadAsync("tug-fleet", "Tug fleet renewed", Published,
            "The port ordered four new tugs for the harbour fleet.", "Crews begin training in June.");

        Assert.Equal(1, await SearchIndexing.IndexOwedAsync(connection, 1, [], CancellationToken.None));
        Assert.Equal(0, await SearchIndexing.IndexOwedAsync(connection, 1, [], CancellationToken.None));

        // A SQL function called on its own (not inlined into the batch's statement) is parsed and planned at each call.
        Assert.Equal(0L, await ScalarAsync<long>(connection,
            "SELECT coalesce(pg_stat_get_xact_function_calls('article_search_rows(uuid[])'::regprocedure), 0)"));
        Assert.Equal(await RowAsync(connection, TriggerRow, id), await RowAsync(connection, StoredRow, id));
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task The_indexer_merges_a_full_pending_list_into_the_index_in_one_pass_and_keeps_its_generic_plans()
    {
        await using var connection = await OpenAsync();
        // The merge an overflowing insert runs gathers the pending list in work_mem and writes the index each time it is
        // full: at the default 4 MB a 4 MB list of real pages took several passes, rewriting the frequent words' posting
        // lists (and their WAL) at each (migration SearchMergeInOnePass). Four times the list's limit holds it whole.
        var settings = await ScalarAsync<string[]>(connection,
            "SELECT proconfig FROM pg_proc WHERE oid = 'article_search_index_owed(integer, bigint, uuid[])'::regprocedure");
        Assert.Contains("plan_cache_mode=force_generic_plan", settings);
        var workMemKb = await ScalarAsync<int>(connection, """
            SELECT (pg_size_bytes(substr(c, length('work_mem=') + 1)) / 1024)::int
            FROM pg_proc p, unnest(p.proconfig) AS c
            WHERE p.oid = 'article_search_index_owed(integer, bigint, uuid[])'::regprocedure AND c LIKE 'work_mem=%'
            UNION ALL SELECT 0 LIMIT 1
            """);
        var pendingKb = await ScalarAsync<int>(connection, """
            SELECT coalesce((SELECT substr(o, length('gin_pending_list_limit=') + 1)::int
                             FROM pg_class c, unnest(c.reloptions) AS o
                             WHERE c.oid = 'ix_article_search_terms'::regclass AND o LIKE 'gin_pending_list_limit=%'),
                            (SELECT setting::int FROM pg_settings WHERE name = 'gin_pending_list_limit'))
            """);
        Assert.True(workMemKb >= 4 * pendingKb, $"work_mem {workMemKb} kB for a pending list of {pendingKb} kB");
    }

    [Fact]
    public async Task Phrase_pairs_come_from_a_function_that_keeps_its_plan_and_gives_the_pairs_its_query_gives()
    {
        await using var connection = await OpenAsync();
        // A SQL function whose body reads FROM is never inlined: every statement calling it (an indexer call, under load one
        // or two articles) parsed and planned the body again. PL/pgSQL plans it once per session.
        Assert.Equal("plpgsql", await ScalarAsync<string>(connection, """
            SELECT l.lanname::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
            WHERE p.oid = 'archive_search_pairs(tsvector)'::regprocedure
            """));
        string[] texts =
        [
            "Ferry crews walked out over new rosters on Monday morning; the ferry crews' union said rosters were unsafe.",
            "", "one", "Harbour-master O'Brien said \\ the port's \"new\" tugs tug the tugs.",
            "Pilots and ferries report number 7 and number 7 again, and again.",
        ];
        foreach (var text in texts)
        {
            // The body as the query the SQL function ran, inline: the reference.
            Assert.True(await ScalarAsync<bool>(connection, """
                WITH v AS MATERIALIZED (SELECT archive_search_qualify(
                        setweight(to_tsvector('english', 'A title'), 'A') || setweight(to_tsvector('english', $1), 'B'), 'en') AS vector),
                    at AS MATERIALIZED (SELECT u.lexeme, p FROM v, unnest(v.vector) AS u, unnest(u.positions) AS p)
                SELECT (SELECT coalesce(array_to_tsvector(array_agg(a.lexeme || ' ' || substr(b.lexeme, strpos(b.lexeme, ':') + 1))), '')
                        FROM at AS a JOIN at AS b ON b.p = a.p + 1)::text = archive_search_pairs((SELECT vector FROM v))::text
                """, text), text);
        }
    }

    [Fact]
    public async Task The_indexers_loop_starts_a_batch_no_sooner_than_the_gather_interval_after_the_last()
    {
        await SearchIndexWait.CaughtUpAsync(factory.ConnectionString);
        var hosted = factory.Services.GetRequiredService<SearchIndexer>();
        await hosted.StopAsync(CancellationToken.None);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options.Create(new SearchIndexOptions { GatherInterval = TimeSpan.FromMinutes(1), PollInterval = TimeSpan.FromHours(1) });
        using var gathering = ActivatorUtilities.CreateInstance<SearchIndexer>(factory.Services, time, options);
        await using var connection = await OpenAsync();
        try
        {
            await gathering.StartAsync(CancellationToken.None);
            await gathering.CatchUpAsync(CancellationToken.None); // a batch now: the interval starts
            var id = await UploadAsync("pilot-boats", "Pilot boats repainted", Published,
                "The pilot boats were repainted in the harbour colours.", "Work ends in July.");
            gathering.Wake();

            // Woken within the interval, the loop waits for it before building the row (a second here, on the real clock).
            for (var i = 0; i < 20; i++)
            {
                await Task.Delay(50);
                Assert.Equal(1L, await SearchIndexing.OwedAsync(connection, CancellationToken.None));
            }
            time.Advance(TimeSpan.FromMinutes(1));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await SearchIndexing.OwedAsync(connection, CancellationToken.None) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the loop never built the row once the interval had passed");
                await Task.Delay(20);
            }
            Assert.Equal(await RowAsync(connection, TriggerRow, id), await RowAsync(connection, StoredRow, id));
        }
        finally
        {
            await gathering.StopAsync(CancellationToken.None);
            await hosted.StartAsync(CancellationToken.None); // the class's other tests need it
        }
    }

    [Fact]
    public async Task The_migration_marks_rows_the_trigger_built_as_indexed_and_rebuilds_none()
    {
        await using var database = await PartlyMigrated.UpToAsync("20261202024155_SearchQualifyByReplace");
        var connection = database.Connection;
        await using (var seed = new NpgsqlCommand("""
            CREATE TEMP TABLE bulk AS SELECT i, gen_random_uuid() AS a, gen_random_uuid() AS c, gen_random_uuid() AS v,
                'https://harbour.example/report/' || i AS url, timestamptz '2024-05-01' + i * interval '1 hour' AS t,
                'Pilots and ferries report number ' || i AS text FROM generate_series(1, 20) AS i
            """, connection))
        {
            await seed.ExecuteNonQueryAsync();
        }
        await BulkArticles.InsertRowsAsync(connection); // the old trigger builds their rows
        var before = await ScalarAsync<string>(connection, "SELECT string_agg(s::text, '|' ORDER BY article_id) FROM article_search s");

        await database.MigrateAsync();

        Assert.Equal(0L, await SearchIndexing.OwedAsync(connection, CancellationToken.None));
        Assert.Equal(before, await ScalarAsync<string>(connection, "SELECT string_agg(s::text, '|' ORDER BY article_id) FROM article_search s"));
        Assert.Equal(20L, await ScalarAsync<long>(connection, "SELECT count(*) FROM article_search"));
    }

    private async Task<Guid> UploadAsync(string slug, string title, DateTimeOffset capturedAt, params string[] paragraphs)
    {
        var response = await _client.PostJsonAsync("/api/captures",
            new { url = Gazette.Url(slug), html = Gazette.Page(title, paragraphs, Published), capturedAt });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<List<Guid>> SearchIdsAsync(string q)
    {
        var result = await (await _client.GetAsync($"/api/search?pageSize=100&q={q}")).ReadJsonAsync(HttpStatusCode.OK);
        return [.. result.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("articleId").GetGuid())];
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?[]> RowAsync(NpgsqlConnection connection, string sql, Guid id)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var row = new object?[reader.FieldCount];
        reader.GetValues(row!);
        return row;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls <paramref name="sql"/> until it returns a row (at most 30 s): the pid it names.</summary>
    private static async Task<int> WaitForAsync(NpgsqlConnection connection, string sql)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if (await command.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }
            Assert.True(DateTime.UtcNow < deadline, "the indexer never reached the search table");
            await Task.Delay(20);
        }
    }
}
