using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.People;

namespace Nereid.Data.Configurations;

internal sealed class PosixAccountConfiguration : IEntityTypeConfiguration<PosixAccount>
{
    public void Configure(EntityTypeBuilder<PosixAccount> b)
    {
        b.ToTable("posix_accounts");
        b.HasKey(a => a.PersonId);
        b.Property(a => a.UserName).HasMaxLength(PosixAccount.MaxUserNameLength);
        b.Property(a => a.Source).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(a => a.UserName).IsUnique();
        b.HasIndex(a => a.Uid).IsUnique();
        b.HasOne<Person>().WithOne().HasForeignKey<PosixAccount>(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
