using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// Namespace placement across clusters (live rows and removal tombstones) and per-cluster quota overrides.
/// Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000015_Placement")]
internal sealed class M0015_Placement : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("namespace_placements", t => new
        {
            NamespaceId = t.Column<Guid>(nullable: false),
            Cluster = t.Column<string>(maxLength: 63, nullable: false),
            PlacedAt = t.Column<DateTime>(nullable: false),
            RemovedAt = t.Column<DateTime>(nullable: true),
            SetById = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_namespace_placements", x => new { x.NamespaceId, x.Cluster });
            t.ForeignKey("FK_namespace_placements_namespaces_NamespaceId", x => x.NamespaceId, "namespaces", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateTable("namespace_cluster_quotas", t => new
        {
            NamespaceId = t.Column<Guid>(nullable: false),
            Cluster = t.Column<string>(maxLength: 63, nullable: false),
            Resource = t.Column<string>(maxLength: 317, nullable: false),
            Quantity = t.Column<string>(maxLength: 64, nullable: false),
            SetAt = t.Column<DateTime>(nullable: false),
            SetById = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_namespace_cluster_quotas", x => new { x.NamespaceId, x.Cluster, x.Resource });
            t.ForeignKey("FK_namespace_cluster_quotas_namespaces_NamespaceId", x => x.NamespaceId, "namespaces", "Id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("namespace_cluster_quotas");
        m.DropTable("namespace_placements");
    }
}
