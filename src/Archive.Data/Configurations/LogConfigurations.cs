using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Archive.Data.Configurations;

// No foreign keys to captures or articles: the log is evidence about them and must outlive any change made to them.

internal sealed class LogEntryConfiguration : IEntityTypeConfiguration<LogEntry>
{
    public void Configure(EntityTypeBuilder<LogEntry> builder)
    {
        builder.ToTable("log_entries");
        builder.HasKey(e => e.Index);
        builder.Property(e => e.Index).HasColumnName("idx").ValueGeneratedNever();
        builder.Property(e => e.Kind).HasMaxLength(16);
        builder.HasIndex(e => e.CaptureId).IsUnique();
        builder.HasIndex(e => e.ArticleIds).HasMethod("gin");
        builder.HasIndex(e => e.ContentHash);
        builder.HasIndex(e => e.RawHash);
        builder.Property(e => e.ContentHash).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.RawHash).HasMaxLength(64).IsFixedLength();
    }
}

internal sealed class PendingLogEntryConfiguration : IEntityTypeConfiguration<PendingLogEntry>
{
    public void Configure(EntityTypeBuilder<PendingLogEntry> builder)
    {
        builder.ToTable("log_pending");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Kind).HasMaxLength(16);
        builder.Property(e => e.ContentHash).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.RawHash).HasMaxLength(64).IsFixedLength();
    }
}

internal sealed class LogTileConfiguration : IEntityTypeConfiguration<LogTile>
{
    public void Configure(EntityTypeBuilder<LogTile> builder)
    {
        builder.ToTable("log_tiles");
        builder.HasKey(t => new { t.Level, t.Index });
        builder.Property(t => t.Index).HasColumnName("idx").ValueGeneratedNever();
    }
}

internal sealed class LogCheckpointConfiguration : IEntityTypeConfiguration<LogCheckpoint>
{
    public void Configure(EntityTypeBuilder<LogCheckpoint> builder)
    {
        builder.ToTable("log_checkpoints");
        builder.HasKey(c => c.TreeSize);
        builder.Property(c => c.TreeSize).ValueGeneratedNever();
    }
}
