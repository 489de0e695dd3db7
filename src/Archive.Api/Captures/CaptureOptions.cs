namespace Archive.Api.Captures;

/// <summary>Configuration section <c>Captures</c>.</summary>
public sealed class CaptureOptions
{
    /// <summary>
    /// A URL submitted again within this time of an earlier submission that is queued, running or done gets that
    /// submission back (200, <c>reused: true</c>) instead of a new fetch, unless the request says <c>"force": true</c>.
    /// Zero turns reuse off.
    /// </summary>
    public TimeSpan ReuseWindow { get; set; } = TimeSpan.FromHours(1);
}
