using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.People;

namespace Nereid.Data.Configurations;

internal sealed class AccountLinkConfiguration : IEntityTypeConfiguration<AccountLink>
{
    public void Configure(EntityTypeBuilder<AccountLink> b)
    {
        b.ToTable("account_links");
        b.HasKey(l => l.Id);
        b.Property(l => l.Purpose).HasMaxLength(32);
        b.Property(l => l.SecretHash).HasMaxLength(64);
        b.Property(l => l.NewEmail).HasMaxLength(Person.MaxEmailLength);
        b.HasIndex(l => l.SecretHash).IsUnique();
        b.HasIndex(l => l.PersonId);
        b.HasOne<Person>().WithMany().HasForeignKey(l => l.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
