namespace Archive.Api.Lineage;

/// <summary>
/// Told which articles a lineage update touched (the article itself, every member of a family whose links may have
/// changed), so whatever shows them can drop what it kept. Owned by lineage so that lineage knows nothing of who shows
/// articles: the article cache implements it (Articles depends on Lineage, never the other way round).
/// </summary>
public interface ILineageObserver
{
    Task LineageChangedAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken ct);
}
