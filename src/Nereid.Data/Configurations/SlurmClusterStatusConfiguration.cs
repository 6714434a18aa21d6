using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Slurm;

namespace Nereid.Data.Configurations;

internal sealed class SlurmClusterStatusConfiguration : IEntityTypeConfiguration<SlurmClusterStatus>
{
    public void Configure(EntityTypeBuilder<SlurmClusterStatus> b)
    {
        b.ToTable("slurm_cluster_status");
        b.HasKey(s => s.Cluster);
        b.Property(s => s.Cluster).HasMaxLength(63);
        b.Property(s => s.LastError).HasMaxLength(SlurmClusterStatus.MaxErrorLength);
        b.Property(s => s.LastImportError).HasMaxLength(SlurmClusterStatus.MaxErrorLength);
        b.Property(s => s.SlurmVersion).HasMaxLength(SlurmClusterStatus.MaxVersionLength);
        b.Property(s => s.RestPlugin).HasMaxLength(SlurmClusterStatus.MaxPluginLength);
        b.Property(s => s.StaleCoordinators).AsJsonList();
        b.Property(s => s.MissingQos).AsJsonList();
        b.Property(s => s.NamespacesBehind).AsJsonSyncList();
        b.Property(s => s.Conditions).AsJsonConditions();
    }
}
