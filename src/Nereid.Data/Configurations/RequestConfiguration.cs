using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Audit;
using Nereid.Domain.Requests;
using Nereid.Domain.Tokens;
using Nereid.Data.DataProtection;

namespace Nereid.Data.Configurations;

internal sealed class TierRequestConfiguration : IEntityTypeConfiguration<TierRequest>
{
    public void Configure(EntityTypeBuilder<TierRequest> b)
    {
        b.ToTable("tier_requests");
        b.HasKey(r => r.Id);
        b.Property(r => r.RequestedTier).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Reason).HasMaxLength(TierRequest.MaxReasonLength);
        b.Property(r => r.DecisionReason).HasMaxLength(TierRequest.MaxReasonLength);
        b.HasIndex(r => new { r.State, r.CreatedAt });
        b.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JoinRequestConfiguration : IEntityTypeConfiguration<JoinRequest>
{
    public void Configure(EntityTypeBuilder<JoinRequest> b)
    {
        b.ToTable("join_requests");
        b.HasKey(r => r.Id);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Message).HasMaxLength(JoinRequest.MaxMessageLength);
        b.Property(r => r.DecisionReason).HasMaxLength(JoinRequest.MaxMessageLength);
        b.HasIndex(r => new { r.NamespaceId, r.State });
        b.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.Namespace).WithMany().HasForeignKey(r => r.NamespaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.ToTable("audit_events");
        b.HasKey(e => e.Id);
        b.Property(e => e.ActorName).HasMaxLength(200);
        b.Property(e => e.Action).HasMaxLength(100);
        b.Property(e => e.TargetType).HasMaxLength(50);
        b.Property(e => e.TargetId).HasMaxLength(200);
        b.Property(e => e.NamespaceName).HasMaxLength(63);
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.NamespaceName, e.At });
    }
}

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> b)
    {
        b.ToTable("personal_access_tokens");
        b.HasKey(t => t.Id);
        b.Property(t => t.Name).HasMaxLength(PersonalAccessToken.MaxNameLength);
        b.Property(t => t.Prefix).HasMaxLength(20);
        b.Property(t => t.Hash).HasMaxLength(100);
        b.HasIndex(t => t.Hash).IsUnique();
        b.HasIndex(t => t.PersonId);
        b.HasOne<Domain.People.Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKeyRow>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRow> b)
    {
        b.ToTable("data_protection_keys");
        b.HasKey(k => k.Id);
        b.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}
