using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Domain.Usage;

namespace Nereid.Data.Configurations;

internal sealed class UsageSampleConfiguration : IEntityTypeConfiguration<UsageSample>
{
    public void Configure(EntityTypeBuilder<UsageSample> b)
    {
        b.ToTable("usage_samples");
        b.HasKey(s => s.Id);
        b.Property(s => s.Namespace).HasMaxLength(NamespaceName.MaxLength);
        b.Property(s => s.Institution).HasMaxLength(Person.MaxInstitutionLength);
        b.Property(s => s.Cluster).HasMaxLength(100);
        b.Property(s => s.GpuType).HasMaxLength(UsageSample.MaxGpuTypeLength);
        b.HasIndex(s => new { s.Namespace, s.Cluster, s.BucketStart, s.GpuType }).IsUnique();
        b.HasIndex(s => new { s.Institution, s.BucketStart });
        b.HasIndex(s => s.BucketStart);
    }
}
