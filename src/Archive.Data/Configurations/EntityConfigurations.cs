using Archive.Data.Entities;
using Archive.Engine.Extraction;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Archive.Data.Configurations;

internal sealed class PublisherConfiguration : IEntityTypeConfiguration<Publisher>
{
    public void Configure(EntityTypeBuilder<Publisher> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(300);
        builder.Property(p => p.PrimaryDomain).HasMaxLength(253);
        builder.HasIndex(p => p.PrimaryDomain).IsUnique();
        builder.HasMany(p => p.Domains).WithOne().HasForeignKey(d => d.PublisherId);
    }
}

internal sealed class PublisherDomainConfiguration : IEntityTypeConfiguration<PublisherDomain>
{
    public void Configure(EntityTypeBuilder<PublisherDomain> builder)
    {
        builder.HasKey(d => d.Domain);
        builder.Property(d => d.Domain).HasMaxLength(253);
    }
}

internal sealed class CaptureConfiguration : IEntityTypeConfiguration<Capture>
{
    public void Configure(EntityTypeBuilder<Capture> builder)
    {
        builder.Property(c => c.RedirectChain).HasColumnType("jsonb");
        builder.Property(c => c.ResponseHeaders).HasColumnType("jsonb");
        builder.Property(c => c.RequestHeaders).HasColumnType("jsonb");
        builder.Property(c => c.RawSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(c => c.Source).HasMaxLength(16);
        builder.HasIndex(c => c.JobId).IsUnique();
        builder.HasIndex(c => c.RawSha256);
        // A key's uploads are found again when an admin changes the key's trust (their lineage changes with it).
        builder.HasIndex(c => c.SubmittedBy);
    }
}

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.HasOne(a => a.CurrentVersion).WithOne().HasForeignKey<Article>(a => a.CurrentVersionId);
        builder.HasMany(a => a.Versions).WithOne().HasForeignKey(v => v.ArticleId);
        builder.HasOne(a => a.Publisher).WithMany().HasForeignKey(a => a.PublisherId);
        builder.HasIndex(a => a.PublisherId);
    }
}

internal sealed class ArticleUrlConfiguration : IEntityTypeConfiguration<ArticleUrl>
{
    public void Configure(EntityTypeBuilder<ArticleUrl> builder)
    {
        builder.HasKey(u => u.UrlKey);
        builder.HasOne<Article>().WithMany().HasForeignKey(u => u.ArticleId);
        builder.HasIndex(u => u.ArticleId);
    }
}

internal sealed class ArticleVersionConfiguration : IEntityTypeConfiguration<ArticleVersion>
{
    public void Configure(EntityTypeBuilder<ArticleVersion> builder)
    {
        builder.HasOne(v => v.Capture).WithMany().HasForeignKey(v => v.CaptureId);
        builder.HasIndex(v => v.CaptureId).IsUnique();
        builder.HasIndex(v => new { v.ArticleId, v.CapturedAt });
        builder.HasIndex(v => v.ContentHash);
        builder.HasOne<Publisher>().WithMany().HasForeignKey(v => v.PublisherId);
        builder.Property(v => v.ContentHash).HasMaxLength(64).IsFixedLength();
        builder.ComplexProperty(v => v.Evidence, e =>
        {
            e.ToJson("evidence");
            e.ComplexCollection(x => x.Attributions, a => a.Property(x => x.Position).Metadata
                .SetJsonValueReaderWriterType(typeof(EnumTextOrNumberJsonReaderWriter<AttributionPosition>)));
            e.ComplexCollection(x => x.Links);
        });
    }
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.Property(j => j.State).HasMaxLength(16);
        builder.Property(j => j.FailureReason).HasMaxLength(32);
        // The worker's lease query scans only claimable jobs.
        builder.HasIndex(j => new { j.State, j.NextAttemptAt });
        // The job lists read newest first a page at a time, all jobs or those of one state or one batch (and a batch's page
        // oldest first): each reads its page off an index in order. Without them a list sorted the whole table (200k
        // jobs: 111-134 ms, a parallel scan and a top-N sort; docs/performance.md).
        builder.HasIndex(j => new { j.CreatedAt, j.Id });
        builder.HasIndex(j => new { j.State, j.CreatedAt, j.Id });
        builder.HasIndex(j => new { j.BatchId, j.CreatedAt, j.Id });
        // A recent submission of the same URL is found and reused (Captures:ReuseWindow).
        builder.HasIndex(j => new { j.Url, j.CreatedAt });
    }
}
