using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Clusters;

namespace Nereid.Data.Configurations;

internal sealed class NamespaceClusterStatusConfiguration : IEntityTypeConfiguration<NamespaceClusterStatus>
{
    public void Configure(EntityTypeBuilder<NamespaceClusterStatus> b)
    {
        b.ToTable("namespace_cluster_status");
        b.HasKey(s => s.Id);
        b.Property(s => s.Cluster).HasMaxLength(63);
        b.Property(s => s.Namespace).HasMaxLength(63);
        b.HasIndex(s => new { s.Cluster, s.Namespace }).IsUnique();
        b.HasIndex(s => s.Namespace);
        b.Property(s => s.Condition).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Reason).HasMaxLength(100);
        b.Property(s => s.Message).HasMaxLength(2000);
        b.Property(s => s.Conditions).AsJsonConditions();
    }
}
