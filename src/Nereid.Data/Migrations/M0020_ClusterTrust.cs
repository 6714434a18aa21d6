using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>Which clusters trust Nereid's issuer (a row per cluster once set). Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261204000020_ClusterTrust")]
internal sealed class M0020_ClusterTrust : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("cluster_trust", t => new
        {
            Cluster = t.Column<string>(maxLength: 63, nullable: false),
            TrustsNereid = t.Column<bool>(nullable: false),
            Version = t.Column<int>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_cluster_trust", x => x.Cluster));
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("cluster_trust");
}
