using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Clusters;

namespace Nereid.Data.Configurations;

internal sealed class FederationClusterStatusConfiguration : IEntityTypeConfiguration<FederationClusterStatus>
{
    public void Configure(EntityTypeBuilder<FederationClusterStatus> b)
    {
        b.ToTable("federation_cluster_status");
        // Keyed by names like namespace_cluster_status: a row outlives its namespace until the next pass drops it.
        b.HasKey(s => new { s.Cluster, s.Namespace });
        b.Property(s => s.Cluster).HasMaxLength(63);
        b.Property(s => s.Namespace).HasMaxLength(63);
        b.HasIndex(s => s.Namespace);
        b.Property(s => s.Condition).HasMaxLength(20);
        b.Property(s => s.Reason).HasMaxLength(100);
        b.Property(s => s.Message).HasMaxLength(FederationClusterStatus.MaxMessageLength);
    }
}
