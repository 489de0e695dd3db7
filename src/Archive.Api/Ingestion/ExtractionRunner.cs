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
        var page = raw.BodyText is { } text
            ? HtmlDecoder.Decode(raw.Body.Span, raw.ContentType, text)
            : HtmlDecoder.Decode(raw.Body.Span, raw.ContentType);
        return guarded ? OnOwnThreadAsync(page, raw.FinalUrl) : Task.FromResult(_processor.Process(page, raw.FinalUrl));
    }

    private Task<ProcessedPage> OnOwnThreadAsync(DecodedHtml page, Uri pageUrl)
    {
        var done = new TaskCompletionSource<ProcessedPage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(_guarded.Process(page, pageUrl));
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
