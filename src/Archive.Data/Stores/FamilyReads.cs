using System.Text.Json;
using Archive.Engine;
using Archive.Engine.Lineage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Archive.Data.Stores;

/// <summary>One lineage link of a story's family as the reads show it; <see cref="Diff"/> only when it was asked for.</summary>
public sealed record FamilyLink(Guid RepublicationId, Guid DerivedFromId, Guid OriginId, LineageKind Kind, double Similarity,
    double Containment, double SourceCoverage, IReadOnlyList<LineageEvidence> Evidence, PassageDiff? Diff, LineageDeclaration DeclaredBy,
    LineageReuse Reuse, EvidenceBasis Basis);

/// <summary>
/// The lineage links of an article's family, for the article JSON, the lineage tree and the article page (read on each of its
/// requests). The links' jsonb columns are read as text and deserialised here with the policy they are stored in (camelCase,
/// <see cref="CamelCaseJsonConvention"/>), not through EF's JSON materialiser: for a 50-member family that allocated 1,072 KiB
/// per article read against 475 KiB this way (allocation per Server-Timing phase, docs/reader.md), and the collections it
/// caused were the article page's tail. A passage diff is read only when asked for: the page shows none.
/// </summary>
public sealed class FamilyReads(Replicas.ArchiveReadDb read)
{
    private static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.Web);
    private readonly ArchiveDbContext db = read.Context;

    /// <summary>Every link of the family <paramref name="articleId"/> belongs to: the links whose origin is the article's
    /// origin, or the article itself when it is an origin. Empty when it is in no family.</summary>
    public async Task<List<FamilyLink>> OfArticleAsync(Guid articleId, bool withDiffs, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"""
                SELECT republication_id, derived_from_id, origin_id, kind, similarity, containment, source_coverage,
                       evidence::text, {(withDiffs ? "diff::text" : "NULL::text")}, declared_by, reuse, basis
                FROM lineage_links
                WHERE origin_id = @article
                   OR origin_id = (SELECT origin_id FROM lineage_links WHERE republication_id = @article)
                """;
            command.Parameters.AddWithValue("article", articleId);
            var links = new List<FamilyLink>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                links.Add(new FamilyLink(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), EnumText.Parse<LineageKind>(reader.GetString(3)),
                    reader.GetDouble(4),
                    reader.GetDouble(5), reader.GetDouble(6),
                    JsonSerializer.Deserialize<List<LineageEvidence>>(reader.GetString(7), Stored) ?? [],
                    reader.IsDBNull(8) ? null : JsonSerializer.Deserialize<PassageDiff>(reader.GetString(8), Stored),
                    EnumText.Parse<LineageDeclaration>(reader.GetString(9)), EnumText.Parse<LineageReuse>(reader.GetString(10)),
                    EnumText.Parse<EvidenceBasis>(reader.GetString(11))));
            }
            return links;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
