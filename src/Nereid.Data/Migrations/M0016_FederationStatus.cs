using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// Federation conditions per namespace and cluster (an empty namespace: the whole cluster), written by each cluster's
/// federation leader so that every replica serves the same. Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261204000016_FederationStatus")]
internal sealed class M0016_FederationStatus : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("federation_cluster_status", t => new
        {
            Cluster = t.Column<string>(maxLength: 63, nullable: false),
            Namespace = t.Column<string>(maxLength: 63, nullable: false),
            Condition = t.Column<string>(maxLength: 20, nullable: false),
            Reason = t.Column<string>(maxLength: 100, nullable: false),
            Message = t.Column<string>(maxLength: 2000, nullable: false),
            Since = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_federation_cluster_status", x => new { x.Cluster, x.Namespace }));
        m.CreateIndex("IX_federation_cluster_status_Namespace", "federation_cluster_status", "Namespace");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("federation_cluster_status");
}
