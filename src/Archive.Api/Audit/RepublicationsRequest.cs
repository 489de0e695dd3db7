using Archive.Api.Extensions;
using Archive.Engine;
using Archive.Engine.Lineage;
using FluentValidation;

namespace Archive.Api.Audit;

/// <summary>
/// GET /api/audit/republications: links filtered by republisher (<paramref name="Publisher"/>) and <paramref name="Source"/>
/// (each an id or domain), time (<paramref name="From"/>/<paramref name="To"/>), <paramref name="Kind"/> and the two axes
/// (<paramref name="DeclaredBy"/>, <paramref name="Reuse"/>) and <paramref name="Basis"/>; one page of JSON, or every row with
/// <paramref name="Format"/> csv.
/// </summary>
public sealed record RepublicationsRequest(string? Publisher = null, string? Source = null, DateTimeOffset? From = null,
    DateTimeOffset? To = null, string? Kind = null, string? Format = null, int Page = 1, int PageSize = 100, string? DeclaredBy = null,
    string? Reuse = null, string? Basis = null) : IPageRequest
{
    public const int MaxPageSize = 1000;

    /// <summary>The filters, validated (<see cref="RepublicationsRequestValidator"/>) and read as the enums they name.</summary>
    public AuditFilter Filter(Guid? publisherId, Guid? sourceId) => new(publisherId, sourceId, From, To, Parsed<LineageKind>(Kind),
        Parsed<LineageDeclaration>(DeclaredBy), Parsed<LineageReuse>(Reuse), Parsed<EvidenceBasis>(Basis));

    private static T? Parsed<T>(string? text) where T : struct, Enum => text is null ? null : EnumText.Parse<T>(text);
}

internal sealed class RepublicationsRequestValidator : AbstractValidator<RepublicationsRequest>
{
    public RepublicationsRequestValidator()
    {
        Include(new PagingRules<RepublicationsRequest>(RepublicationsRequest.MaxPageSize));
        OneOf(r => r.Kind, "kind", LineageKinds.Names);
        OneOf(r => r.DeclaredBy, "declaredBy", EnumText.All<LineageDeclaration>());
        OneOf(r => r.Reuse, "reuse", EnumText.All<LineageReuse>());
        OneOf(r => r.Basis, "basis", EnumText.All<EvidenceBasis>());
        RuleFor(r => r.Format).Must(f => f is null or "json" or "csv").WithMessage(r => $"format must be json or csv, not '{r.Format}'.");
        RuleFor(r => r.To).Must((r, to) => !(r.From > to))
            .WithMessage(r => $"from ({UtcTime.Format(r.From)}) is after to ({UtcTime.Format(r.To)}).");
    }

    private void OneOf(System.Linq.Expressions.Expression<Func<RepublicationsRequest, string?>> field, string name, IReadOnlyList<string> allowed) =>
        RuleFor(field).Must(v => v is null || allowed.Contains(v)).WithName(name)
            .WithMessage((_, v) => $"{name} must be one of {string.Join(", ", allowed)}, not '{v}'.");
}
