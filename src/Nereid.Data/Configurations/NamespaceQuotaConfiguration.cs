using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Namespaces;

namespace Nereid.Data.Configurations;

internal sealed class NamespaceQuotaConfiguration : IEntityTypeConfiguration<NamespaceQuotaOverride>
{
    public void Configure(EntityTypeBuilder<NamespaceQuotaOverride> b)
    {
        b.ToTable("namespace_quotas");
        b.HasKey(q => new { q.NamespaceId, q.Resource });
        b.Property(q => q.Resource).HasMaxLength(NamespaceQuotaOverride.MaxResourceLength);
        b.Property(q => q.Quantity).HasMaxLength(NamespaceQuotaOverride.MaxQuantityLength);
        b.HasOne<NereidNamespace>().WithMany().HasForeignKey(q => q.NamespaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
