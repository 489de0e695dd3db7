using System.Data.Common;
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

/// <summary>An article of a family as the reads name it: its URL, outlet and the current version's publication time.</summary>
public sealed record FamilyMember(Guid ArticleId, string Url, string? Publisher, string? PublisherDomain, DateTimeOffset? PublishedAt);

/// <summary>The links of the family an article belongs to and every article they name (the article itself included, when it
/// exists, even in no family): <see cref="Members"/> is empty only for an unknown article.</summary>
public sealed record Family(List<FamilyLink> Links, Dictionary<Guid, FamilyMember> Members);

/// <summary>
/// The lineage links of an article's family with their articles, for the article JSON, the lineage tree and the article page
/// (read on each of its requests), in one statement. The links' jsonb columns are read as text here, in the policy they are
/// stored in (camelCase, <see cref="CamelCaseJsonConvention"/>), not through EF's JSON materialiser (for a 50-member family
/// that allocated 1,072 KiB per article read against 475 KiB as strings; docs/reader.md); the evidence is parsed from the
/// column's UTF-8 bytes (<see cref="StoredEvidence"/>). A passage diff is read only when asked for: the page shows none.
/// </summary>
public sealed class FamilyReads(Replicas.ArchiveReadDb read)
{
    private static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.Web);
    private readonly ArchiveDbContext db = read.Context;

    /// <summary>The family <paramref name="articleId"/> belongs to: the links whose origin is the article's origin, or the
    /// article itself when it is an origin, with their articles.</summary>
    public async Task<Family> OfArticleAsync(Guid articleId, bool withDiffs, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
            command.CommandText = Sql(withDiffs);
            command.Parameters.AddWithValue("article", articleId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await ReadAsync(reader, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The family's statement (parameter <c>@article</c>): one row per member, its link beside it (none for the origin). The
    /// links and their members' URLs, outlets and dates were two round trips, the second an EF query whose id list made a
    /// new parameter set each time; a member's row is small, so joining them costs nothing the page would notice.
    /// </summary>
    internal static string Sql(bool withDiffs) => $"""
        WITH family AS MATERIALIZED (
            SELECT republication_id, derived_from_id, origin_id, kind, similarity, containment, source_coverage, evidence,
                   {(withDiffs ? "diff" : "NULL::jsonb AS diff")}, declared_by, reuse, basis
            FROM lineage_links
            WHERE origin_id = @article
               OR origin_id = (SELECT origin_id FROM lineage_links WHERE republication_id = @article)
        ), members AS (
            SELECT @article AS id
            UNION SELECT republication_id FROM family
            UNION SELECT origin_id FROM family
            UNION SELECT derived_from_id FROM family
        )
        SELECT m.id, a.url, p.name, p.primary_domain, v.published_at,
               f.republication_id IS NOT NULL, f.derived_from_id, f.origin_id, f.kind, f.similarity, f.containment, f.source_coverage,
               f.evidence::text, f.diff::text, f.declared_by, f.reuse, f.basis
        FROM members m
        JOIN articles a ON a.id = m.id
        LEFT JOIN publishers p ON p.id = a.publisher_id
        LEFT JOIN article_versions v ON v.id = a.current_version_id
        LEFT JOIN family f ON f.republication_id = m.id
        """;

    /// <summary>The rows of <see cref="Sql"/>.</summary>
    internal static async Task<Family> ReadAsync(DbDataReader reader, CancellationToken ct)
    {
        var links = new List<FamilyLink>();
        var members = new Dictionary<Guid, FamilyMember>();
        var evidence = new StoredEvidence();
        try
        {
            while (await reader.ReadAsync(ct))
            {
                Row(reader, links, members, evidence);
            }
        }
        finally
        {
            evidence.Release();
        }
        return new Family(links, members);
    }

    private static void Row(DbDataReader reader, List<FamilyLink> links, Dictionary<Guid, FamilyMember> members, StoredEvidence evidence)
    {
        var id = reader.GetGuid(0);
        members[id] = new FamilyMember(id, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
        if (!reader.GetBoolean(5))
        {
            return;
        }
        List<LineageEvidence> items;
        using (var stored = reader.GetStream(12))
        {
            items = evidence.Read(stored);
        }
        links.Add(new FamilyLink(id, reader.GetGuid(6), reader.GetGuid(7), EnumText.Parse<LineageKind>(reader.GetString(8)),
            reader.GetDouble(9), reader.GetDouble(10), reader.GetDouble(11), items,
            reader.IsDBNull(13) ? null : JsonSerializer.Deserialize<PassageDiff>(reader.GetString(13), Stored),
            EnumText.Parse<LineageDeclaration>(reader.GetString(14)), EnumText.Parse<LineageReuse>(reader.GetString(15)),
            EnumText.Parse<EvidenceBasis>(reader.GetString(16))));
    }
}
