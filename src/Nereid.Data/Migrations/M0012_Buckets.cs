using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>S3 buckets namespaces asked for (one ObjectBucketClaim each on its cluster). Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261204000012_Buckets")]
internal sealed class M0012_Buckets : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("buckets", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            NamespaceId = t.Column<Guid>(nullable: false),
            Cluster = t.Column<string>(maxLength: 63, nullable: false),
            Name = t.Column<string>(maxLength: 63, nullable: false),
            BucketClass = t.Column<string>(maxLength: 253, nullable: false),
            CreatedById = t.Column<Guid>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            SecretShownAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_buckets", x => x.Id);
            t.ForeignKey("FK_buckets_namespaces_NamespaceId", x => x.NamespaceId, "namespaces", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_buckets_NamespaceId_Cluster_Name", "buckets", ["NamespaceId", "Cluster", "Name"], unique: true);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("buckets");
}
