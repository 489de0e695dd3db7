using Microsoft.Extensions.Options;

namespace Archive.Fetching.Politeness;

/// <summary>Configuration section <c>Politeness</c>: how hard this process may hit one host.</summary>
public sealed class PolitenessOptions
{
    public const string SectionName = "Politeness";

    /// <summary>Fetches of one host at once (in every worker process together, where they share a database).</summary>
    public int PerHostConcurrency { get; set; } = 2;
    /// <summary>Least time between the starts of two fetches of one host (likewise).</summary>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Refuse URLs a site's robots.txt disallows for our user agent (an admin may override per submission).</summary>
    public bool HonourRobots { get; set; } = true;
    /// <summary>How long one origin's robots.txt is trusted before it is fetched again.</summary>
    public TimeSpan RobotsCacheDuration { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Per-host politeness for the fetch worker, within one process: at most PerHostConcurrency fetches of a host at once and
/// MinDelay between their starts. A worker waits here holding its job's lease, so MinDelay must stay well under Jobs:Lease.
/// </summary>
public sealed class HostGate(IOptions<PolitenessOptions> options, TimeProvider time) : IHostGate
{
    private const int PruneAbove = 1000;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Slot> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(string host, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                if (_hosts.Count > PruneAbove)
                {
                    Prune(now);
                }
                if (!_hosts.TryGetValue(host, out var slot))
                {
                    _hosts[host] = slot = new Slot();
                }
                if (slot.Active < Math.Max(1, options.Value.PerHostConcurrency) && now >= slot.NextStart)
                {
                    slot.Active++;
                    slot.NextStart = now + options.Value.MinDelay;
                    return new Entry(this, host);
                }
                // Full: poll; a slot frees when a fetch ends, which takes at least this long anyway.
                wait = slot.NextStart > now ? slot.NextStart - now : TimeSpan.FromMilliseconds(50);
            }
            await Task.Delay(wait, time, ct);
        }
    }

    /// <summary>
    /// Hosts a fetch could not start on now (all their slots taken, or within MinDelay of the last start): the queue leases
    /// other hosts' jobs first, so a worker never sits in this gate holding one host's job while another host waits.
    /// </summary>
    public IReadOnlyCollection<string> BusyHosts()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var limit = Math.Max(1, options.Value.PerHostConcurrency);
            // Both spellings of an international name, since a stored URL may carry either.
            return _hosts.Where(h => h.Value.Active >= limit || now < h.Value.NextStart)
                .SelectMany(h => new[] { h.Key, Ascii(h.Key) }).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }
    }

    private static string Ascii(string host)
    {
        try
        {
            return new System.Globalization.IdnMapping().GetAscii(host);
        }
        catch (ArgumentException)
        {
            return host;
        }
    }

    private void Exit(string host)
    {
        lock (_lock)
        {
            if (_hosts.TryGetValue(host, out var slot) && --slot.Active <= 0 && slot.NextStart <= time.GetUtcNow())
            {
                _hosts.Remove(host);
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (host, slot) in _hosts.Where(h => h.Value.Active <= 0 && h.Value.NextStart <= now).ToList())
        {
            _hosts.Remove(host);
        }
    }

    private sealed class Slot
    {
        public int Active { get; set; }
        public DateTimeOffset NextStart { get; set; }
    }

    private sealed class Entry(HostGate gate, string host) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Exit(host);
            }
        }
    }
}
