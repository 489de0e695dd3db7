using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Archive.Data;

/// <summary>
/// A query compiled once per EF Core model (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(Expression{Func{TContext, TParam1, CancellationToken, TResult}})"/>),
/// for the reads every upload and article read runs: EF Core's per-call query-cache lookup (hashing the expression tree,
/// extracting its parameters) costs more CPU than reading their rows. EF binds a compiled query to the model of the first
/// context that runs it and refuses any other, and the primary's and a read replica's contexts each have a model of their
/// own (their options differ, so their internal service providers do): hence one compiled delegate per model, held weakly.
/// </summary>
public sealed class CompiledQuery<TParam, TResult>
{
    private readonly ConditionalWeakTable<IModel, Func<ArchiveDbContext, TParam, CancellationToken, Task<TResult>>> _byModel = [];
    private readonly ConditionalWeakTable<IModel, Func<ArchiveDbContext, TParam, CancellationToken, Task<TResult>>>.CreateValueCallback _compile;

    public CompiledQuery(Expression<Func<ArchiveDbContext, TParam, CancellationToken, TResult>> query) =>
        _compile = _ => EF.CompileAsyncQuery(query);

    public Task<TResult> RunAsync(ArchiveDbContext db, TParam argument, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _byModel.GetValue(db.Model, _compile)(db, argument, ct);
    }
}
