using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Policies;

namespace Nereid.Data.Configurations;

internal sealed class ViolationConfiguration : IEntityTypeConfiguration<Violation>
{
    public void Configure(EntityTypeBuilder<Violation> b)
    {
        b.ToTable("violations");
        b.HasKey(v => v.Id);
        b.Property(v => v.Policy).HasConversion<string>().HasMaxLength(40);
        b.Property(v => v.Cluster).HasMaxLength(100);
        b.Property(v => v.Namespace).HasMaxLength(63);
        b.Property(v => v.WorkloadKind).HasMaxLength(40);
        b.Property(v => v.WorkloadName).HasMaxLength(253);
        b.Property(v => v.PodName).HasMaxLength(253);
        b.Property(v => v.OwnerName).HasMaxLength(320);
        b.Property(v => v.Summary).HasMaxLength(Violation.MaxSummaryLength);
        b.Property(v => v.Enforcement).HasConversion<string>().HasMaxLength(40);
        b.Ignore(v => v.IsOpen);
        b.HasIndex(v => new { v.ResolvedAt, v.Namespace });
        b.HasIndex(v => v.OwnerId);
    }
}

internal sealed class ViolationNoticeConfiguration : IEntityTypeConfiguration<ViolationNotice>
{
    public void Configure(EntityTypeBuilder<ViolationNotice> b)
    {
        b.ToTable("violation_notices");
        b.HasKey(n => n.Id);
        b.Property(n => n.Channel).HasMaxLength(20);
        b.Property(n => n.Recipients).HasMaxLength(2000);
        b.Property(n => n.Error).HasMaxLength(1000);
        b.HasIndex(n => n.ViolationId);
        b.HasOne<Violation>().WithMany().HasForeignKey(n => n.ViolationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PolicyExceptionConfiguration : IEntityTypeConfiguration<PolicyException>
{
    public void Configure(EntityTypeBuilder<PolicyException> b)
    {
        b.ToTable("policy_exceptions");
        b.HasKey(e => e.Id);
        b.Property(e => e.Namespace).HasMaxLength(63);
        b.Property(e => e.PodName).HasMaxLength(253);
        b.Property(e => e.Policy).HasConversion<string>().HasMaxLength(40);
        b.Property(e => e.Reason).HasMaxLength(PolicyException.MaxReasonLength);
        b.Property(e => e.GrantedByName).HasMaxLength(200);
        b.HasIndex(e => new { e.Namespace, e.ExpiresAt });
    }
}
