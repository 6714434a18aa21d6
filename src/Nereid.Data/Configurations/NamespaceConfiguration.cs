using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;

namespace Nereid.Data.Configurations;

internal sealed class NamespaceConfiguration : IEntityTypeConfiguration<NereidNamespace>
{
    public void Configure(EntityTypeBuilder<NereidNamespace> b)
    {
        b.ToTable("namespaces");
        b.HasKey(n => n.Id);
        b.Property(n => n.Name).HasMaxLength(NamespaceName.MaxLength);
        b.HasIndex(n => n.Name).IsUnique();
        b.Property(n => n.Institution).HasMaxLength(NamespaceMetadata.MaxInstitutionLength);
        b.HasIndex(n => n.InstitutionId);
        b.Property(n => n.Pis).AsJsonList();
        b.Property(n => n.Grants).AsJsonList();
        b.Property(n => n.Software).AsJsonList();
        b.Property(n => n.Publications).AsJsonList();
        b.Property(n => n.State).HasConversion<string>().HasMaxLength(20);
        b.Property(n => n.Version).IsConcurrencyToken();
        b.HasMany(n => n.Memberships).WithOne(m => m.Namespace).HasForeignKey(m => m.NamespaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.ToTable("memberships");
        b.HasKey(m => new { m.NamespaceId, m.PersonId });
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(m => m.PersonId);
        b.HasOne(m => m.Person).WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
