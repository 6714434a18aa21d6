using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Namespaces;

namespace Nereid.Data.Configurations;

internal sealed class NamespaceFederationConfiguration : IEntityTypeConfiguration<NamespaceFederation>
{
    public void Configure(EntityTypeBuilder<NamespaceFederation> b)
    {
        b.ToTable("namespace_federations");
        b.HasKey(f => f.NamespaceId);
        b.HasOne<NereidNamespace>().WithMany().HasForeignKey(f => f.NamespaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
