namespace Archive.Data.Entities;

/// <summary>The first answer to a POST sent with an Idempotency-Key, replayed when the same caller retries it.</summary>
public sealed class IdempotentRequest
{
    public required string Caller { get; init; }
    public required string Key { get; init; }
    /// <summary>Hex SHA-256 of method, path and body: the same key with another request is refused.</summary>
    public required string RequestHash { get; init; }
    /// <summary>Null while the first request is still being answered.</summary>
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? ResponseBody { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
}
