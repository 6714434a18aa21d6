using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Data.Provider;

namespace Nereid.Data.Configurations;

internal sealed class ProviderSigningKeyConfiguration : IEntityTypeConfiguration<ProviderSigningKeyRow>
{
    public void Configure(EntityTypeBuilder<ProviderSigningKeyRow> b)
    {
        b.ToTable("provider_signing_keys");
        b.HasKey(k => k.Id);
        b.Property(k => k.Id).HasMaxLength(ProviderSigningKeyRow.MaxIdLength);
        b.Property(k => k.Algorithm).HasMaxLength(ProviderSigningKeyRow.MaxAlgorithmLength);
        b.HasIndex(k => k.ExpiresAt);
    }
}
