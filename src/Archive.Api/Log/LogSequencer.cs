using Archive.Api.Extensions;
using Archive.Data;
using Archive.Transparency.Notes;
using Microsoft.Extensions.Options;

namespace Archive.Api.Log;

/// <summary>
/// Integrates owed entries into the log. Requests that must answer with a logged entry (uploads) wait for a pass that
/// starts after their commit; passes run back to back while requests wait, each taking every entry committed before it
/// began, so uploads share passes (and their one commit) instead of queueing one by one. An idle sequencer still runs a
/// pass every <see cref="LogOptions.PollInterval"/>, for entries owed by lineage, other processes or a crashed one.
/// </summary>
public sealed class LogSequencer(IServiceScopeFactory scopes, LogKey key, LogState state, TimeProvider time, IOptions<LogOptions> options,
    ILogger<LogSequencer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly WakeSignal _wake = new();
    private List<TaskCompletionSource<LoggedCaptures>> _waiting = [];
    // The captures the previous pass logged: one that began between a caller's commit and its wait may have taken its entry.
    private IReadOnlyDictionary<Guid, long> _previous = new Dictionary<Guid, long>();

    /// <summary>
    /// Waits until a pass that began after this call has committed (so every entry the caller committed before is in the log,
    /// under a signed checkpoint). False when that took longer than <see cref="LogOptions.IntegrationTimeout"/> or the caller
    /// gave up; it never throws, so what follows a commit (the lineage update) always runs.
    /// </summary>
    public async Task<bool> WaitForPassAsync(CancellationToken ct) => await WaitForLoggedAsync(ct) is not null;

    /// <summary><see cref="WaitForPassAsync"/>, with the log indexes that pass and the one before it gave captures; null
    /// where that returns false.</summary>
    public async Task<LoggedCaptures?> WaitForLoggedAsync(CancellationToken ct)
    {
        var waiter = new TaskCompletionSource<LoggedCaptures>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Add(waiter);
        }
        Wake();
        try
        {
            return await waiter.Task.WaitAsync(options.Value.IntegrationTimeout, time, ct);
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
        // they are answered by the first pass after it that was not full (it began after their commit and took everything
        // owed before it). Their captures may have been logged by any pass in between: those the last two passes did not
        // log read their index back, as for another process's pass.
        List<TaskCompletionSource<LoggedCaptures>> held = [];
        while (true)
        {
            List<TaskCompletionSource<LoggedCaptures>> taken;
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
            var logged = new LoggedCaptures(result.Captures, _previous);
            _previous = result.Captures;
            var full = result.Added >= options.Value.BatchSize;
            if (full)
            {
                held.AddRange(taken);
            }
            else
            {
                foreach (var waiter in held.Concat(taken))
                {
                    waiter.TrySetResult(logged);
                }
                held.Clear();
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
