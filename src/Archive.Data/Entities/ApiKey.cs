namespace Archive.Data.Entities;

/// <summary>An API key. Only the SHA-256 of the secret is stored; the secret itself is shown once, when the key is made.</summary>
public sealed class ApiKey
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; init; }
    /// <summary>The first characters of the secret, so people can tell their keys apart; never enough to use.</summary>
    public required string Prefix { get; init; }
    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public required string Hash { get; init; }
    /// <summary>reader, submitter or admin.</summary>
    public required string Role { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>Set by an admin for a key whose uploads the archive vouches for (a newsroom's own crawler, an import
    /// from a known archive): lineage counts its uploads as observed rather than claimed.</summary>
    public bool Trusted { get; set; }
}
