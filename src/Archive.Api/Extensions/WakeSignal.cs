namespace Archive.Api.Extensions;

/// <summary>
/// Wakes a background loop that otherwise polls: any number of <see cref="Wake"/> calls before the loop next waits make one
/// wake-up, not one per call, so a loop woken by every upload runs once for all the uploads that arrived while it worked.
/// </summary>
public sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Asks the loop to run soon; never blocks, never throws.</summary>
    public void Wake()
    {
        // A wake-up already asked for needs no second: checked first because callers wake on every upload, and a release
        // past the count of one throws (one to two exceptions an upload under load).
        if (_signal.CurrentCount > 0)
        {
            return;
        }
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another thread asked between the check and the release.
        }
    }

    /// <summary>Waits for a wake-up (consuming it) or <paramref name="timeout"/>; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
