using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Institutions;

namespace Nereid.Data.Configurations;

internal sealed class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> b)
    {
        b.ToTable("institutions");
        b.HasKey(i => i.Id);
        b.Property(i => i.Name).HasMaxLength(Institution.MaxNameLength);
        b.Property(i => i.ShortNames).AsJsonList().HasMaxLength(2000);
        b.Property(i => i.Domain).HasMaxLength(Institution.MaxDomainLength);
        b.Property(i => i.IdpEntityId).HasMaxLength(Institution.MaxIdpEntityIdLength);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.Ignore(i => i.Names);
        b.HasIndex(i => i.Name);
        // One institution per identity provider, so two first sign-ins from a new IdP at once cannot create two.
        b.HasIndex(i => i.IdpEntityId).IsUnique();
    }
}
