using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Policies;

namespace Nereid.Data.Configurations;

internal sealed class PolicyExceptionRequestConfiguration : IEntityTypeConfiguration<PolicyExceptionRequest>
{
    public void Configure(EntityTypeBuilder<PolicyExceptionRequest> b)
    {
        b.ToTable("policy_exception_requests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Namespace).HasMaxLength(63);
        b.Property(r => r.PodName).HasMaxLength(253);
        b.Property(r => r.Policy).HasConversion<string>().HasMaxLength(40);
        b.Property(r => r.Reason).HasMaxLength(PolicyException.MaxReasonLength);
        b.Property(r => r.RequestedByName).HasMaxLength(200);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.DecidedByName).HasMaxLength(200);
        b.Property(r => r.DecisionNote).HasMaxLength(PolicyExceptionRequest.MaxNoteLength);
        b.HasIndex(r => new { r.State, r.Namespace });
        b.HasIndex(r => r.RequestedById);
    }
}
