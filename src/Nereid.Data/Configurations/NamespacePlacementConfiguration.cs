using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Namespaces;

namespace Nereid.Data.Configurations;

internal sealed class NamespacePlacementConfiguration : IEntityTypeConfiguration<NamespacePlacement>
{
    public void Configure(EntityTypeBuilder<NamespacePlacement> b)
    {
        b.ToTable("namespace_placements");
        b.HasKey(p => new { p.NamespaceId, p.Cluster });
        b.Property(p => p.Cluster).HasMaxLength(NamespacePlacement.MaxClusterLength);
        b.Ignore(p => p.IsPlaced);
        b.HasOne<NereidNamespace>().WithMany().HasForeignKey(p => p.NamespaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NamespaceClusterQuotaConfiguration : IEntityTypeConfiguration<NamespaceClusterQuota>
{
    public void Configure(EntityTypeBuilder<NamespaceClusterQuota> b)
    {
        b.ToTable("namespace_cluster_quotas");
        b.HasKey(q => new { q.NamespaceId, q.Cluster, q.Resource });
        b.Property(q => q.Cluster).HasMaxLength(NamespacePlacement.MaxClusterLength);
        b.Property(q => q.Resource).HasMaxLength(NamespaceQuotaOverride.MaxResourceLength);
        b.Property(q => q.Quantity).HasMaxLength(NamespaceQuotaOverride.MaxQuantityLength);
        b.HasOne<NereidNamespace>().WithMany().HasForeignKey(q => q.NamespaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
