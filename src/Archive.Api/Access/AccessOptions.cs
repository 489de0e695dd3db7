namespace Archive.Api.Access;

/// <summary>Configuration section <c>Access</c>.</summary>
public sealed class AccessOptions
{
    /// <summary>When true, GET requests need a reader key too; by default reads are public.</summary>
    public bool ReadsRequireKey { get; set; }
    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>Fixed-window request limits: per API key, and per client address for requests without a key.</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Requests one key may make per window.</summary>
    public int PermitLimit { get; set; } = 1200;
    /// <summary>Requests one address may make per window without a key.</summary>
    public int AnonymousPermitLimit { get; set; } = 300;
}
