using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Archive.Data.Configurations;

internal sealed class FingerprintKeyConfiguration : IEntityTypeConfiguration<FingerprintKey>
{
    public void Configure(EntityTypeBuilder<FingerprintKey> builder)
    {
        // The primary key's btree starts with the key: a candidate lookup is an index scan, never a table scan.
        builder.HasKey(k => new { k.Key, k.ArticleId });
        builder.HasIndex(k => k.ArticleId);
        // No foreign key to articles: its trigger checked (and share-locked) the article once per key row, ~250 of them per
        // upload, for nothing. Lineage writes an article's keys only after reading the article; articles are never deleted,
        // and a lookup that met a key of a missing article would find no member and skip it (docs/performance.md).
    }
}

internal sealed class PendingLineageConfiguration : IEntityTypeConfiguration<PendingLineage>
{
    public void Configure(EntityTypeBuilder<PendingLineage> builder)
    {
        builder.ToTable("pending_lineage");
        builder.HasKey(p => p.ArticleId);
        builder.HasIndex(p => p.QueuedAt);
        builder.HasOne<Article>().WithMany().HasForeignKey(p => p.ArticleId);
    }
}

internal sealed class SiteParagraphConfiguration : IEntityTypeConfiguration<SiteParagraph>
{
    public void Configure(EntityTypeBuilder<SiteParagraph> builder)
    {
        // Led by the site and the paragraph: "which other pages of this site carry this paragraph" is an index scan.
        builder.HasKey(p => new { p.PublisherId, p.Key, p.ArticleId });
        builder.HasIndex(p => p.ArticleId);
        // No foreign keys, as for fingerprint keys: the rows are written after reading the article and its publisher,
        // neither of which is ever deleted, and two trigger checks per paragraph row were most of the insert's cost.
    }
}

internal sealed class StoryPairConfiguration : IEntityTypeConfiguration<StoryPair>
{
    public void Configure(EntityTypeBuilder<StoryPair> builder)
    {
        builder.HasKey(p => new { p.ArticleA, p.ArticleB });
        builder.HasIndex(p => p.ArticleB);
        builder.HasOne<Article>().WithMany().HasForeignKey(p => p.ArticleA);
        builder.HasOne<Article>().WithMany().HasForeignKey(p => p.ArticleB);
        builder.ToTable(t => t.HasCheckConstraint("ck_story_pairs_ordered", "article_a < article_b"));
    }
}

internal sealed class RepublicationLinkConfiguration : IEntityTypeConfiguration<RepublicationLink>
{
    public void Configure(EntityTypeBuilder<RepublicationLink> builder)
    {
        builder.ToTable("lineage_links");
        builder.HasKey(l => l.RepublicationId);
        builder.HasOne(l => l.Republication).WithOne().HasForeignKey<RepublicationLink>(l => l.RepublicationId);
        builder.HasOne(l => l.DerivedFrom).WithMany().HasForeignKey(l => l.DerivedFromId);
        builder.HasOne(l => l.Origin).WithMany().HasForeignKey(l => l.OriginId);
        builder.HasIndex(l => l.DerivedFromId);
        builder.HasIndex(l => l.OriginId);
        builder.HasIndex(l => l.Kind);
        builder.Property(l => l.Kind).HasMaxLength(32);
        builder.Property(l => l.DeclaredBy).HasMaxLength(16);
        builder.Property(l => l.Reuse).HasMaxLength(16);
        builder.Property(l => l.Basis).HasMaxLength(16);
        builder.ComplexCollection(l => l.Evidence, e => e.ToJson("evidence"));
        builder.ComplexProperty(l => l.Diff, d =>
        {
            d.ToJson("diff");
            d.ComplexCollection(x => x.Edited);
        });
    }
}
