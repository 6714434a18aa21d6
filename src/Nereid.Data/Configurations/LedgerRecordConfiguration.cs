using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Usage;

namespace Nereid.Data.Configurations;

internal sealed class LedgerRecordConfiguration : IEntityTypeConfiguration<LedgerRecord>
{
    public void Configure(EntityTypeBuilder<LedgerRecord> b)
    {
        b.ToTable("ledger_records");
        b.HasKey(r => r.Id);
        b.Property(r => r.SourceKey).HasMaxLength(LedgerRecord.MaxSourceKeyLength);
        b.Property(r => r.Engine).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Namespace).HasMaxLength(63);
        b.Property(r => r.Person).HasMaxLength(64);
        b.Property(r => r.Institution).HasMaxLength(200);
        b.Property(r => r.GpuType).HasMaxLength(UsageSample.MaxGpuTypeLength);
        b.HasIndex(r => r.SourceKey).IsUnique();
        b.HasIndex(r => new { r.Namespace, r.Day });
    }
}

internal sealed class LedgerCursorConfiguration : IEntityTypeConfiguration<LedgerCursor>
{
    public void Configure(EntityTypeBuilder<LedgerCursor> b)
    {
        b.ToTable("ledger_cursors");
        b.HasKey(c => c.Source);
        b.Property(c => c.Source).HasMaxLength(200);
    }
}
