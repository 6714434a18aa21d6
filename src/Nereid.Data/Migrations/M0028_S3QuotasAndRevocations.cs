using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// Per-namespace limits of the members' object store users (each null column keeps the configured default), and the
/// S3 keys members revoked (no user for that person in that namespace until they ask again). Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261204000028_S3QuotasAndRevocations")]
internal sealed class M0028_S3QuotasAndRevocations : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("s3_quota_overrides", t => new
        {
            NamespaceId = t.Column<Guid>(nullable: false),
            MaxSize = t.Column<string>(maxLength: 40, nullable: true),
            MaxBuckets = t.Column<int>(nullable: true),
            MaxObjects = t.Column<long>(nullable: true),
            Version = t.Column<int>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            UpdatedById = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_s3_quota_overrides", x => x.NamespaceId);
            t.ForeignKey("FK_s3_quota_overrides_namespaces_NamespaceId", x => x.NamespaceId, "namespaces", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateTable("s3_revocations", t => new
        {
            NamespaceId = t.Column<Guid>(nullable: false),
            PersonId = t.Column<Guid>(nullable: false),
            RevokedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_s3_revocations", x => new { x.NamespaceId, x.PersonId });
            t.ForeignKey("FK_s3_revocations_namespaces_NamespaceId", x => x.NamespaceId, "namespaces", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_s3_revocations_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_s3_revocations_PersonId", "s3_revocations", "PersonId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("s3_revocations");
        m.DropTable("s3_quota_overrides");
    }
}
