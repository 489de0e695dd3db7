using Archive.Api.Extensions;
using Archive.Data;
using Archive.Transparency.Notes;
using Microsoft.Extensions.Options;

namespace Archive.Api.Log;

/// <summary>
/// Integrates owed entries into the log. Requests that must answer with a logged entry (uploads) wait for a pass that
/// starts after their commit, or for the pass that logs their capture if one does sooner (it may have begun before they
/// asked: it read the owed entries after their commit); passes run back to back while requests wait, each taking every
/// entry committed before it began, so uploads share passes (and their one commit) instead of queueing one by one. An idle
/// sequencer still runs a pass every <see cref="LogOptions.PollInterval"/>, for entries owed by lineage, other processes or
/// a crashed one.
/// </summary>
public sealed class LogSequencer(IServiceScopeFactory scopes, LogKey key, LogState state, TimeProvider time, IOptions<LogOptions> options,
    ILogger<LogSequencer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly WakeSignal _wake = new();
    private List<Waiter> _waiting = [];
    // The captures the last pass that logged any logged (under _gate): one that began between a caller's commit and its wait
    // may have taken its entry. A pass that logged nothing leaves them: an idle pass or one a stale wake began must not make
    // a caller whose capture was logged wait for yet another pass (or, with passes held up, give up waiting).
    private IReadOnlyDictionary<Guid, long> _previous = new Dictionary<Guid, long>();

    /// <summary>A request waiting for a pass, with the capture it committed (null when it waits for any entries it owed).</summary>
    private sealed record Waiter(TaskCompletionSource<LoggedCaptures> Answer, Guid? Capture);

    /// <summary>
    /// Waits until a pass that began after this call has committed (so every entry the caller committed before is in the log,
    /// under a signed checkpoint). False when that took longer than <see cref="LogOptions.IntegrationTimeout"/> or the caller
    /// gave up; it never throws, so what follows a commit (the lineage update) always runs.
    /// </summary>
    public async Task<bool> WaitForPassAsync(CancellationToken ct) => await WaitAsync(null, ct) is not null;

    /// <summary>
    /// Waits until <paramref name="captureId"/>, committed before this call, is in the log under a signed checkpoint: either a
    /// pass of this process logged it (the one running now, or the last one that logged any, may have: a pass takes what was
    /// committed when it read the owed entries, which can be after it began), or, as <see cref="WaitForPassAsync"/>, a pass
    /// that began after this call committed (another process's pass or a full one logged it then). Both passes committed
    /// synchronously after the capture's own commit, so the capture is durable too. The answer holds the log indexes that
    /// pass and the last one before it that logged any gave captures; null where <see cref="WaitForPassAsync"/> returns false.
    /// </summary>
    public async Task<LoggedCaptures?> WaitForLoggedAsync(Guid captureId, CancellationToken ct) => await WaitAsync(captureId, ct);

    private async Task<LoggedCaptures?> WaitAsync(Guid? capture, CancellationToken ct)
    {
        var waiter = new Waiter(new TaskCompletionSource<LoggedCaptures>(TaskCreationOptions.RunContinuationsAsynchronously), capture);
        lock (_gate)
        {
            if (capture is { } id && _previous.ContainsKey(id))
            {
                // The last pass took it, between the caller's commit and this call.
                return new LoggedCaptures(_previous, new Dictionary<Guid, long>());
            }
            _waiting.Add(waiter);
        }
        Wake();
        try
        {
            return await waiter.Answer.Task.WaitAsync(options.Value.IntegrationTimeout, time, ct);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("No log pass completed within {Timeout}; answering without waiting for the log", options.Value.IntegrationTimeout);
            return null;
        }
        catch (OperationCanceledException)
        {
            // The caller left (or the host stops): its entry stays owed and is integrated all the same.
            return null;
        }
    }

    /// <summary>Asks for a pass soon, without waiting for it (lineage decisions).</summary>
    public void Wake() => _wake.Wake();

    /// <summary>Refuses to start on a log this key did not sign, and gives an empty log its first checkpoint.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureKeyContinuesLogAsync(scopes, key, cancellationToken);
        await RunPassesAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Throws <see cref="StartupException"/> when the database's latest checkpoint does not verify under <paramref name="key"/>:
    /// the log cannot be continued with it. Run before the host starts (one line, no stack trace) and again by the sequencer.
    /// </summary>
    public static async Task EnsureKeyContinuesLogAsync(IServiceScopeFactory scopes, LogKey key, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<LogStore>();
        if (await store.LatestCheckpointAsync(ct) is { } latest
            && !Checkpoint.TryOpen(latest.Note, key.Signer.VerifierKey, out _, out var error))
        {
            throw new StartupException($"This database's log cannot be continued with the signing key in {key.Path} " +
                $"({NoteKeys.Identify(key.Signer.VerifierKey)}): its latest checkpoint fails to verify ({error}). " +
                "Point Log:SigningKeyFile at the key that signed it.");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
                await RunPassesAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The sequencer must outlive a failed pass (database restart): owed entries stay owed and are retried.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "A log integration pass failed; retrying in {Delay}", RetryDelay);
                await Task.Delay(RetryDelay, time, stoppingToken);
                Wake();
            }
        }
    }

    private async Task RunPassesAsync(CancellationToken ct)
    {
        // Waiters of full passes: a pass that took BatchSize entries may have left older ones owed, theirs among them, so
        // they are answered by the pass that logs their capture or else by the first pass after it that was not full (it
        // began after their commit and took everything owed before it). Their captures may have been logged by any pass in
        // between (another process's): those the last two passes did not log read their index back.
        List<Waiter> held = [];
        while (true)
        {
            List<Waiter> taken;
            lock (_gate)
            {
                taken = _waiting;
                _waiting = [];
            }
            LogStore.Integration result;
            var started = time.GetTimestamp();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                result = await scope.ServiceProvider.GetRequiredService<LogStore>()
                    .IntegrateAsync(key.Signer, options.Value.BatchSize, time.GetUtcNow(), ct);
            }
            catch
            {
                lock (_gate)
                {
                    _waiting.AddRange(held);
                    _waiting.AddRange(taken);
                }
                throw;
            }
            // Known before the waiters answer, so a receipt asked for right after an upload is served from memory.
            state.Observe(result.Checkpoint);
            var full = result.Added >= options.Value.BatchSize;
            bool LoggedNow(Waiter w) => w.Capture is { } id && result.Captures.ContainsKey(id);
            LoggedCaptures logged;
            List<Waiter> answered;
            lock (_gate)
            {
                logged = new LoggedCaptures(result.Captures, _previous);
                if (result.Captures.Count > 0)
                {
                    _previous = result.Captures;
                }
                // Those that asked while this pass ran and whose capture it logged (committed before it read the owed
                // entries) need not wait for the next pass.
                answered = _waiting.FindAll(LoggedNow);
                _waiting.RemoveAll(LoggedNow);
            }
            if (full)
            {
                held.AddRange(taken);
                answered.AddRange(held.FindAll(LoggedNow));
                held.RemoveAll(LoggedNow);
            }
            else
            {
                answered.AddRange(held);
                answered.AddRange(taken);
                held.Clear();
            }
            foreach (var waiter in answered)
            {
                waiter.Answer.TrySetResult(logged);
            }
            if (result.Added > 0)
            {
                logger.LogDebug("Log: integrated {Added} entries for {Waiters} waiting requests in {Elapsed} ms, tree size {Size}",
                    result.Added, taken.Count, time.GetElapsedTime(started).TotalMilliseconds, result.TreeSize);
            }
            lock (_gate)
            {
                // Another pass at once when requests arrived during this one or a full batch left more owed.
                if (_waiting.Count == 0 && !full)
                {
                    return;
                }
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}

/// <summary>The log indexes a pass gave captures, with those of the pass before it.</summary>
public sealed class LoggedCaptures(IReadOnlyDictionary<Guid, long> pass, IReadOnlyDictionary<Guid, long> previous)
{
    /// <summary>The capture's index; null when neither pass logged it (another process's did, or it is still owed).</summary>
    public long? IndexOf(Guid captureId) =>
        pass.TryGetValue(captureId, out var index) || previous.TryGetValue(captureId, out index) ? index : null;
}
