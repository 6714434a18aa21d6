using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Storage;

namespace Nereid.Data.Configurations;

internal sealed class S3QuotaOverrideConfiguration : IEntityTypeConfiguration<S3QuotaOverride>
{
    public void Configure(EntityTypeBuilder<S3QuotaOverride> b)
    {
        b.ToTable("s3_quota_overrides");
        b.HasKey(x => x.NamespaceId);
        b.Property(x => x.MaxSize).HasMaxLength(S3QuotaOverride.MaxSizeLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<NereidNamespace>().WithMany().HasForeignKey(x => x.NamespaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
