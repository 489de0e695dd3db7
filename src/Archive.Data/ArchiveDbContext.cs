using Archive.Data.Entities;
using Archive.Engine;
using Archive.Engine.Lineage;
using Microsoft.EntityFrameworkCore;

namespace Archive.Data;

public sealed class ArchiveDbContext(DbContextOptions<ArchiveDbContext> options) : DbContext(options)
{
    public DbSet<Publisher> Publishers => Set<Publisher>();
    public DbSet<PublisherDomain> PublisherDomains => Set<PublisherDomain>();
    public DbSet<Capture> Captures => Set<Capture>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleUrl> ArticleUrls => Set<ArticleUrl>();
    public DbSet<ArticleVersion> ArticleVersions => Set<ArticleVersion>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<FingerprintKey> FingerprintKeys => Set<FingerprintKey>();
    public DbSet<StoryPair> StoryPairs => Set<StoryPair>();
    public DbSet<SiteParagraph> SiteParagraphs => Set<SiteParagraph>();
    public DbSet<PendingLineage> PendingLineage => Set<PendingLineage>();
    public DbSet<RepublicationLink> LineageLinks => Set<RepublicationLink>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();
    public DbSet<LogEntry> LogEntries => Set<LogEntry>();
    public DbSet<PendingLogEntry> PendingLogEntries => Set<PendingLogEntry>();
    public DbSet<LogTile> LogTiles => Set<LogTile>();
    public DbSet<LogCheckpoint> LogCheckpoints => Set<LogCheckpoint>();
    public DbSet<Import> Imports => Set<Import>();
    public DbSet<ImportedRecord> ImportedRecords => Set<ImportedRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ArchiveDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Enums are stored as their EnumText ("fetched", "queued", "robots-disallowed"), not ordinals.
        configurationBuilder.Properties<CaptureSource>().HaveConversion<EnumTextConverter<CaptureSource>>();
        configurationBuilder.Properties<JobState>().HaveConversion<EnumTextConverter<JobState>>();
        configurationBuilder.Properties<LogEntryKind>().HaveConversion<EnumTextConverter<LogEntryKind>>();
        configurationBuilder.Properties<ImportState>().HaveConversion<EnumTextConverter<ImportState>>();
        configurationBuilder.Properties<JobFailureReason>().HaveConversion<EnumTextConverter<JobFailureReason>>();
        configurationBuilder.Properties<ImportProblemReason>().HaveConversion<EnumTextConverter<ImportProblemReason>>();
        configurationBuilder.Properties<LineageKind>().HaveConversion<EnumTextConverter<LineageKind>>();
        configurationBuilder.Properties<LineageDeclaration>().HaveConversion<EnumTextConverter<LineageDeclaration>>();
        configurationBuilder.Properties<LineageReuse>().HaveConversion<EnumTextConverter<LineageReuse>>();
        configurationBuilder.Properties<EvidenceBasis>().HaveConversion<EnumTextConverter<EvidenceBasis>>();
        configurationBuilder.Conventions.Add(_ => new CamelCaseJsonConvention());
    }
}
