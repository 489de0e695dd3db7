using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Archive.Data.Configurations;

internal sealed class ImportConfiguration : IEntityTypeConfiguration<Import>
{
    public void Configure(EntityTypeBuilder<Import> builder)
    {
        builder.ToTable("imports");
        builder.Property(i => i.State).HasMaxLength(16);
        builder.Property(i => i.FileName).HasMaxLength(300);
        builder.Property(i => i.SpoolPath).HasMaxLength(1000);
        builder.ComplexCollection(i => i.Problems, p => p.ToJson("problems"));
        builder.HasIndex(i => i.State);
    }
}

internal sealed class ImportedRecordConfiguration : IEntityTypeConfiguration<ImportedRecord>
{
    public void Configure(EntityTypeBuilder<ImportedRecord> builder)
    {
        builder.ToTable("imported_records");
        builder.HasKey(r => r.RecordId);
        builder.Property(r => r.RecordId).HasMaxLength(300);
        builder.Property(r => r.PayloadDigest).HasMaxLength(200);
        builder.HasOne<Capture>().WithMany().HasForeignKey(r => r.CaptureId);
        builder.HasIndex(r => r.CaptureId);
    }
}
