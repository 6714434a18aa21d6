using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.People;

namespace Nereid.Data.Configurations;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("people");
        b.HasKey(p => p.Id);
        b.Property(p => p.DisplayName).HasMaxLength(Person.MaxDisplayNameLength);
        b.Property(p => p.Email).HasMaxLength(Person.MaxEmailLength);
        b.Property(p => p.NormalizedEmail).HasMaxLength(Person.MaxEmailLength);
        b.Property(p => p.Institution).HasMaxLength(Person.MaxInstitutionLength);
        b.HasIndex(p => p.InstitutionId);
        b.Property(p => p.Tier).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.SecurityStamp).HasMaxLength(64);
        b.Property(p => p.SuspensionReason).HasMaxLength(Person.MaxSuspensionReasonLength);
        b.Ignore(p => p.IsSuspended);
        b.Ignore(p => p.IsMerged);
        b.HasIndex(p => p.MergedIntoId);
        b.HasIndex(p => p.NormalizedEmail);
        b.HasIndex(p => p.DisplayName);
        b.HasMany(p => p.ExternalIdentities).WithOne().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExternalIdentityConfiguration : IEntityTypeConfiguration<ExternalIdentity>
{
    public void Configure(EntityTypeBuilder<ExternalIdentity> b)
    {
        b.ToTable("external_identities");
        b.HasKey(e => e.Id);
        b.Property(e => e.Issuer).HasMaxLength(500);
        b.Property(e => e.Subject).HasMaxLength(500);
        b.Property(e => e.Idp).HasMaxLength(500);
        b.Property(e => e.IdpName).HasMaxLength(200);
        b.Property(e => e.Email).HasMaxLength(320);
        b.HasIndex(e => new { e.Issuer, e.Subject }).IsUnique();
    }
}

internal sealed class LocalAccountConfiguration : IEntityTypeConfiguration<LocalAccount>
{
    public void Configure(EntityTypeBuilder<LocalAccount> b)
    {
        b.ToTable("local_accounts");
        b.HasKey(a => a.PersonId);
        b.Property(a => a.UserName).HasMaxLength(100);
        b.Property(a => a.NormalizedUserName).HasMaxLength(100);
        b.Property(a => a.PasswordHash).HasMaxLength(500);
        b.HasIndex(a => a.NormalizedUserName).IsUnique();
        b.HasOne<Person>().WithOne().HasForeignKey<LocalAccount>(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.ToTable("sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.SecurityStamp).HasMaxLength(64);
        b.Property(s => s.Method).HasMaxLength(100);
        b.HasIndex(s => s.PersonId);
        b.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
