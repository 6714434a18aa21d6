using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Clusters;

namespace Nereid.Data.Configurations;

internal sealed class ClusterTrustSettingConfiguration : IEntityTypeConfiguration<ClusterTrustSetting>
{
    public void Configure(EntityTypeBuilder<ClusterTrustSetting> b)
    {
        b.ToTable("cluster_trust");
        b.HasKey(t => t.Cluster);
        b.Property(t => t.Cluster).HasMaxLength(ClusterTrustSetting.MaxClusterLength);
        b.Property(t => t.Version).IsConcurrencyToken();
    }
}
