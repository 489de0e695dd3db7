using System.Collections.Concurrent;
using Archive.Data;
using Archive.Fetching.Politeness;
using Microsoft.Extensions.Options;

namespace Archive.Api.Jobs;

/// <summary>
/// Politeness across every worker on the database: this process's <see cref="HostGate"/> first (so its own fetches queue
/// in memory, not on the database), then a slot and the start token of the host in PostgreSQL (<see cref="HostSlotStore"/>),
/// which every worker process shares. A host some fetch here waits for is busy for the queue, so workers lease other
/// hosts' jobs meanwhile.
/// </summary>
internal sealed class SharedHostGate(HostGate local, HostSlotStore slots, IOptions<PolitenessOptions> options, TimeProvider time)
    : IHostGate
{
    private readonly ConcurrentDictionary<string, int> _waiting = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(string host, CancellationToken ct)
    {
        var entry = await local.EnterAsync(host, ct);
        var key = Key(host);
        _waiting.AddOrUpdate(key, 1, (_, n) => n + 1);
        try
        {
            var delay = options.Value.MinDelay;
            // Poll often enough not to waste much of a free slot, rarely enough not to load the database.
            var poll = TimeSpan.FromMilliseconds(Math.Clamp(delay.TotalMilliseconds / 4, 10, 200));
            var lease = await slots.AcquireAsync(key, Math.Max(1, options.Value.PerHostConcurrency), delay, poll, time, ct);
            return new Entry(entry, lease);
        }
        catch
        {
            entry.Dispose();
            throw;
        }
        finally
        {
            _waiting.AddOrUpdate(key, 0, (_, n) => n - 1);
            _waiting.TryRemove(new KeyValuePair<string, int>(key, 0));
        }
    }

    public IReadOnlyCollection<string> BusyHosts() =>
        [.. local.BusyHosts().Concat(_waiting.Where(w => w.Value > 0).Select(w => w.Key)).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>One name per host, whichever spelling a URL carries: lowercase, international names in their ASCII form.</summary>
    private static string Key(string host)
    {
        try
        {
            return new System.Globalization.IdnMapping().GetAscii(host).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return host.ToLowerInvariant();
        }
    }

    private sealed class Entry(IDisposable local, HostSlotLease lease) : IDisposable
    {
        public void Dispose()
        {
            lease.Dispose();
            local.Dispose();
        }
    }
}
