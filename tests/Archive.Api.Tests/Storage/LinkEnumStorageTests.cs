using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// A lineage link's kind, declaration, reuse and basis are enums in code and their <c>EnumText</c> in the database: in
/// their text columns, and in the jsonb evidence, where SQL and old rows read them (an ordinal would read as nothing).
/// In a class of its own: the pinned answers of <see cref="LineageJsonTests"/> carry log indexes that another upload moves.
/// </summary>
public sealed class LinkEnumStorageTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Fact]
    public async Task A_links_enums_are_stored_as_their_text_in_its_columns_and_its_evidence()
    {
        var (_, copy) = await LineageJsonTests.PairAsync(factory.CreateClient(), "stored");
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("""
            SELECT kind || ' ' || declared_by || ' ' || reuse || ' ' || basis,
                   (SELECT string_agg(coalesce(e->>'basis', '-'), ' ') FROM jsonb_array_elements(evidence) e)
            FROM lineage_links WHERE republication_id = $1
            """, connection) { Parameters = { new() { Value = copy } } };
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        // As the code that stored strings wrote them (the pinned answers say the same of this pair).
        Assert.Equal("excerpt attribution excerpt claimed", reader.GetString(0));
        Assert.Equal("claimed claimed claimed observed claimed observed - -", reader.GetString(1));
    }
}
