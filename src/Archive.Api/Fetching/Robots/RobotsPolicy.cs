using System.Collections.Concurrent;
using System.Text;
using Archive.Api.Jobs;
using Microsoft.Extensions.Options;

namespace Archive.Api.Fetching.Robots;

public enum RobotsVerdict
{
    Allowed,
    Disallowed,
    /// <summary>The server answered robots.txt with a 5xx: RFC 9309 says assume everything is disallowed for now.</summary>
    Unavailable,
}

/// <summary>
/// Whether robots.txt lets the archive fetch a URL. Each origin's file is fetched through the same guarded fetcher as
/// pages and kept for Politeness:RobotsCacheDuration in this process. A 4xx means no rules; a 5xx means "try later";
/// a file that cannot be reached at all (DNS, refused, timeout) does not block: the page fetch then fails on its own.
/// </summary>
public sealed class RobotsPolicy(IServiceScopeFactory scopes, IOptions<PolitenessOptions> politeness, IOptions<FetchOptions> fetching,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (RobotsRules? Rules, RobotsVerdict Verdict, DateTimeOffset Until)> _origins = new();

    public async Task<RobotsVerdict> CheckAsync(Uri url, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!politeness.Value.HonourRobots)
        {
            return RobotsVerdict.Allowed;
        }
        var origin = url.GetLeftPart(UriPartial.Authority);
        if (!_origins.TryGetValue(origin, out var entry) || entry.Until <= time.GetUtcNow())
        {
            entry = await LoadAsync(url, ct);
            _origins[origin] = entry;
        }
        return entry.Rules is { } rules
            ? (rules.IsAllowed(url.PathAndQuery) ? RobotsVerdict.Allowed : RobotsVerdict.Disallowed)
            : entry.Verdict;
    }

    private async Task<(RobotsRules?, RobotsVerdict, DateTimeOffset)> LoadAsync(Uri url, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<PageFetcher>().FetchRobotsAsync(url, ct);
        var until = time.GetUtcNow() + politeness.Value.RobotsCacheDuration;
        if (outcome.Succeeded)
        {
            return (RobotsRules.Parse(Encoding.UTF8.GetString(outcome.Page.Body), ProductToken()), RobotsVerdict.Allowed, until);
        }
        return outcome.Failure is { Reason: FetchFailureReason.HttpStatus, Status: >= 500 }
            // Not cached for long: the server said "later".
            ? (null, RobotsVerdict.Unavailable, time.GetUtcNow() + TimeSpan.FromMinutes(1))
            : (RobotsRules.AllowAll, RobotsVerdict.Allowed, until);
    }

    /// <summary>"ArchiveBot" from "ArchiveBot/0.1 (+https://…)": the name robots.txt groups are matched against.</summary>
    private string ProductToken() => fetching.Value.ResolveUserAgent().Split('/', ' ')[0];
}
