using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Domain.Storage;

namespace Nereid.Data.Configurations;

internal sealed class S3RevocationConfiguration : IEntityTypeConfiguration<S3Revocation>
{
    public void Configure(EntityTypeBuilder<S3Revocation> b)
    {
        b.ToTable("s3_revocations");
        b.HasKey(x => new { x.NamespaceId, x.PersonId });
        b.HasOne<NereidNamespace>().WithMany().HasForeignKey(x => x.NamespaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
