using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Sessions;

namespace Nereid.Data.Configurations;

internal sealed class SessionImageConfiguration : IEntityTypeConfiguration<SessionImage>
{
    public void Configure(EntityTypeBuilder<SessionImage> b)
    {
        b.ToTable("session_images");
        b.HasKey(i => i.Id);
        b.HasIndex(i => i.Name).IsUnique();
        b.Property(i => i.Name).HasMaxLength(SessionImage.MaxNameLength);
        b.Property(i => i.Image).HasMaxLength(SessionImage.MaxImageLength);
        b.Property(i => i.Description).HasMaxLength(SessionImage.MaxDescriptionLength);
    }
}
