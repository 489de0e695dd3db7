using System.Collections.Concurrent;
using System.Text;
using Archive.Fetching.Politeness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Archive.Fetching.Robots;

public enum RobotsVerdict
{
    Allowed,
    Disallowed,
    /// <summary>The server answered robots.txt with a 5xx: RFC 9309 says assume everything is disallowed for now.</summary>
    Unavailable,
}

/// <summary>
/// Whether robots.txt lets the archive fetch a URL. Each origin's file is fetched through the same guarded fetcher as
/// pages and kept for Politeness:RobotsCacheDuration in this process. A 4xx means no rules; anything else that is not the
/// whole file (a 5xx, a body cut short of its Content-Length, a network error, a timeout) is "unavailable, try later".
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
        return outcome.Failure switch
        {
            // RFC 9309 2.3.1.3: a 4xx means there are no rules.
            { Reason: FetchFailureReason.HttpStatus, Status: >= 400 and < 500 and not 429 } => (RobotsRules.AllowAll, RobotsVerdict.Allowed, until),
            // Nothing past the 5 redirects RFC 9309 asks crawlers to follow: treated like a missing file as well.
            { Reason: FetchFailureReason.TooManyRedirects } => (RobotsRules.AllowAll, RobotsVerdict.Allowed, until),
            // No connection was made (refused by policy, no such name, nothing listening): the page fetch fails on its own,
            // with that precise reason. Kept briefly, as the page's own failure will be retried.
            { Reason: FetchFailureReason.InvalidUrl or FetchFailureReason.BlockedAddress or FetchFailureReason.Dns or FetchFailureReason.Refused }
                => (RobotsRules.AllowAll, RobotsVerdict.Allowed, time.GetUtcNow() + TimeSpan.FromMinutes(1)),
            // A file that was there but could not be read whole (cut short, unreadable, 5xx, refused, timed out) may say
            // "Disallow: /": it is unreachable (RFC 9309 2.3.1.4), so nothing is fetched for now. Not cached for long.
            _ => (null, RobotsVerdict.Unavailable, time.GetUtcNow() + TimeSpan.FromMinutes(1)),
        };
    }

    /// <summary>"ArchiveBot" from "ArchiveBot/0.1 (+https://…)": the name robots.txt groups are matched against.</summary>
    private string ProductToken() => fetching.Value.ResolveUserAgent().Split('/', ' ')[0];
}
