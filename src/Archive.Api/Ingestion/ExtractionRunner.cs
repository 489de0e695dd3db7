using Archive.Engine;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;

namespace Archive.Api.Ingestion;

public sealed class ExtractionRunnerOptions
{
    /// <summary>Stack of the thread a guarded extraction runs on (a job whose previous worker died while working it).</summary>
    public int GuardedStackBytes { get; set; } = 256 * 1024 * 1024;
}

/// <summary>
/// Runs the engine (<see cref="PageProcessor"/>) for the host, with a guard the engine cannot give itself (how many pages
/// run at once is <see cref="PageBudget"/>'s business). A guarded run (a job taken over after its worker's process died on it) gets tighter limits than the
/// configured ones and a thread with a stack far deeper than any bounded walk needs, so whatever killed the first worker
/// meets both the nesting limiter's stricter caps and head-room before it could do so again.
/// </summary>
public sealed class ExtractionRunner(ExtractionLimits limits, Microsoft.Extensions.Options.IOptions<ExtractionRunnerOptions> options)
{
    private readonly PageProcessor _processor = new(limits);
    private readonly PageProcessor _guarded = new(Guarded(limits));

    public static ExtractionLimits Guarded(ExtractionLimits limits) => limits with
    {
        // Well inside the tree-depth cap too, so what the limiter lets through is never refused after the parse.
        MaxNesting = Math.Min(Math.Min(limits.MaxNesting, 128), Math.Max(8, limits.MaxTreeDepth / 2)),
        MaxNodes = Math.Min(limits.MaxNodes, 25_000),
        MaxChildren = Math.Min(limits.MaxChildren, 2_000),
        MaxTreeDepth = Math.Min(limits.MaxTreeDepth, 256),
        ParseBudget = TimeSpan.FromTicks(Math.Min(limits.ParseBudget.Ticks, TimeSpan.FromSeconds(10).Ticks)),
    };

    /// <exception cref="PageTooComplexException">The page cannot be processed within the limits.</exception>
    public Task<ProcessedPage> ProcessAsync(RawPage raw, bool guarded)
    {
        ArgumentNullException.ThrowIfNull(raw);
        // An upload's page is text already: it is decoded (the charset chosen and recorded) without being copied again.
        if (raw.BodyText is { } text)
        {
            var page = HtmlDecoder.Decode(raw.Body.Span, raw.ContentType, text);
            return guarded ? OnOwnThreadAsync(processor => processor.Process(page, raw.FinalUrl))
                : Task.FromResult(_processor.Process(page, raw.FinalUrl));
        }
        // Bytes (a fetched page, a page uploaded as itself) are decoded into a pooled buffer, given back once the engine is
        // done with it: the engine reads the page only before the parse, so it need not be a page-sized string.
        var pooled = HtmlDecoder.DecodePooled(raw.Body.Span, raw.ContentType);
        if (guarded)
        {
            return OnOwnThreadAsync(processor =>
            {
                using (pooled)
                {
                    return processor.Process(pooled, raw.FinalUrl);
                }
            });
        }
        using (pooled)
        {
            return Task.FromResult(_processor.Process(pooled, raw.FinalUrl));
        }
    }

    private Task<ProcessedPage> OnOwnThreadAsync(Func<PageProcessor, ProcessedPage> process)
    {
        var done = new TaskCompletionSource<ProcessedPage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(process(_guarded));
            }
#pragma warning disable CA1031 // Handed to the awaiting caller, which sees the same exception it would inline.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        }, options.Value.GuardedStackBytes)
        { IsBackground = true, Name = "guarded extraction" };
        thread.Start();
        return done.Task;
    }
}
