using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// One status row per registered Slurm cluster (reachability, Slurm version, last projection and import, association
/// counts, stale coordinators, missing QOS, conditions as JSON text), written by the projection and ledger leaders and
/// read by every replica. Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261204000018_SlurmClusterStatus")]
internal sealed class M0018_SlurmClusterStatus : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.CreateTable("slurm_cluster_status", t => new
        {
            Cluster = t.Column<string>(maxLength: 63, nullable: false),
            Reachable = t.Column<bool>(nullable: false),
            UnreachableSince = t.Column<DateTime>(nullable: true),
            LastError = t.Column<string>(maxLength: 2000, nullable: false),
            SlurmVersion = t.Column<string>(maxLength: 40, nullable: false),
            RestPlugin = t.Column<string>(maxLength: 80, nullable: false),
            LastPassAt = t.Column<DateTime>(nullable: true),
            LastProjectionAt = t.Column<DateTime>(nullable: true),
            LastImportAt = t.Column<DateTime>(nullable: true),
            LastImportError = t.Column<string>(maxLength: 2000, nullable: false),
            Accounts = t.Column<int>(nullable: false),
            AssociationsInSync = t.Column<int>(nullable: false),
            AssociationsPending = t.Column<int>(nullable: false),
            AssociationsFailed = t.Column<int>(nullable: false),
            StaleCoordinators = t.Column<string>(nullable: false),
            MissingQos = t.Column<string>(nullable: false),
            Conditions = t.Column<string>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_slurm_cluster_status", x => x.Cluster));

    protected override void Down(MigrationBuilder m) => m.DropTable("slurm_cluster_status");
}
