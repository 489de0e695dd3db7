namespace Archive.Data.Entities;

/// <summary>An outlet. Identified by its registrable domain; named from JSON-LD publisher or og:site_name.</summary>
public sealed class Publisher
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string PrimaryDomain { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public List<PublisherDomain> Domains { get; init; } = [];
}

/// <summary>A registrable domain that belongs to a publisher (the primary one included).</summary>
public sealed class PublisherDomain
{
    public required string Domain { get; init; }
    public required Guid PublisherId { get; init; }
}
