namespace Archive.Api.Lineage;

/// <summary>
/// The answer an upload gives for an article in a family, built once at start-up by <see cref="LineageWarmUp"/> inside its
/// rolled-back transaction, so that the first pair of a process does not pay for compiling it. The answer is the Articles
/// feature's; it implements this (as it does <see cref="ILineageObserver"/>), so lineage need not depend on it.
/// </summary>
public interface IFamilyAnswerWarmUp
{
    /// <summary>Reads <paramref name="articleId"/>'s answer through <paramref name="scope"/> (whose database context holds
    /// the warm-up's transaction), builds it with its lineage and writes its JSON nowhere; returns the lineage it showed.</summary>
    Task<ArticleLineage?> AnswerAsync(IServiceProvider scope, Guid articleId, DateTimeOffset now, CancellationToken ct);
}
