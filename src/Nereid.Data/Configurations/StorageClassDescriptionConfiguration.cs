using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Storage;

namespace Nereid.Data.Configurations;

internal sealed class StorageClassDescriptionConfiguration : IEntityTypeConfiguration<StorageClassDescription>
{
    public void Configure(EntityTypeBuilder<StorageClassDescription> b)
    {
        b.ToTable("storage_class_descriptions");
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.Cluster, d.ClassName }).IsUnique();
        b.Property(d => d.Cluster).HasMaxLength(StorageClassDescription.MaxClusterLength);
        b.Property(d => d.ClassName).HasMaxLength(StorageClassDescription.MaxClassLength);
        b.Property(d => d.Region).HasMaxLength(StorageClassDescription.MaxShortLength);
        b.Property(d => d.FilesystemType).HasMaxLength(StorageClassDescription.MaxShortLength);
        b.Property(d => d.Media).HasMaxLength(StorageClassDescription.MaxShortLength);
        b.Property(d => d.Notes).HasMaxLength(StorageClassDescription.MaxNotesLength);
        b.Property(d => d.AccessModes).AsJsonList().HasMaxLength(200);
        b.Property(d => d.Version).IsConcurrencyToken();
    }
}
