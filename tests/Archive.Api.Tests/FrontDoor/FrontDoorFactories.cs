using Archive.Api.Tests.Access;
using Archive.Api.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Archive.Api.Tests.FrontDoor;

/// <summary>Retries wait a minute, so a job between attempts can be looked at while it waits.</summary>
public sealed class SlowRetryApiFactory : ArchiveApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings.Where(s => s.Key != "Jobs:RetryDelay"), new("Jobs:RetryDelay", "00:01:00")];
}

/// <summary>Open local mode (no key) with an anonymous limit of two requests a minute, on a clock the test moves.</summary>
public sealed class OpenLocalLimitedApiFactory : OpenLocalApiFactory
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? Clock => Time;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Access:RateLimit:AnonymousPermitLimit", "2"),
        new("Access:RateLimit:Window", "00:01:00"),
    ];
}
