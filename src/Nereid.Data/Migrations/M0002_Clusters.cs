using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>Per-cluster projection status of namespaces (hand-written, provider-neutral like M0001).</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261122000002_Clusters")]
internal sealed class M0002_Clusters : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("namespace_cluster_status", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Cluster = t.Column<string>(maxLength: 63, nullable: false),
            Namespace = t.Column<string>(maxLength: 63, nullable: false),
            Condition = t.Column<string>(maxLength: 20, nullable: false),
            Reason = t.Column<string>(maxLength: 100, nullable: false),
            Message = t.Column<string>(maxLength: 2000, nullable: false),
            LastSyncedAt = t.Column<DateTime>(nullable: true),
            ObservedVersion = t.Column<int>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_namespace_cluster_status", x => x.Id));
        m.CreateIndex("IX_namespace_cluster_status_Cluster_Namespace", "namespace_cluster_status", ["Cluster", "Namespace"], unique: true);
        m.CreateIndex("IX_namespace_cluster_status_Namespace", "namespace_cluster_status", "Namespace");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("namespace_cluster_status");
}
