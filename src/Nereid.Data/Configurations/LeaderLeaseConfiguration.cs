using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Data.Leases;

namespace Nereid.Data.Configurations;

internal sealed class LeaderLeaseConfiguration : IEntityTypeConfiguration<LeaderLeaseRow>
{
    public void Configure(EntityTypeBuilder<LeaderLeaseRow> b)
    {
        b.ToTable("leader_leases");
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(LeaderLeaseRow.MaxNameLength);
        b.Property(l => l.Holder).HasMaxLength(LeaderLeaseRow.MaxHolderLength);
    }
}
