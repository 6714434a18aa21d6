using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Storage;

namespace Nereid.Data.Configurations;

internal sealed class BucketConfiguration : IEntityTypeConfiguration<Bucket>
{
    public void Configure(EntityTypeBuilder<Bucket> b)
    {
        b.ToTable("buckets");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.NamespaceId, x.Cluster, x.Name }).IsUnique();
        b.Property(x => x.Cluster).HasMaxLength(StorageClassDescription.MaxClusterLength);
        b.Property(x => x.Name).HasMaxLength(Bucket.MaxNameLength);
        b.Property(x => x.BucketClass).HasMaxLength(StorageClassDescription.MaxClassLength);
        b.HasOne<NereidNamespace>().WithMany().HasForeignKey(x => x.NamespaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
