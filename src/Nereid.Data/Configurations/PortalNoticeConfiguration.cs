using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Notices;
using Nereid.Domain.People;

namespace Nereid.Data.Configurations;

internal sealed class PortalNoticeConfiguration : IEntityTypeConfiguration<PortalNotice>
{
    public void Configure(EntityTypeBuilder<PortalNotice> b)
    {
        b.ToTable("portal_notices");
        b.HasKey(n => n.Id);
        b.Property(n => n.Title).HasMaxLength(PortalNotice.MaxTitleLength);
        b.Property(n => n.Body).HasMaxLength(PortalNotice.MaxBodyLength);
        b.Property(n => n.Link).HasMaxLength(PortalNotice.MaxLinkLength);
        b.Ignore(n => n.IsRead);
        b.HasIndex(n => new { n.PersonId, n.CreatedAt });
        b.HasOne<Person>().WithMany().HasForeignKey(n => n.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
