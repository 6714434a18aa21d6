using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// A Slurm cluster's status names the namespaces its last pass found out of sync (JSON text: namespace, written, failed,
/// removing), so the namespace page can say whether its account and associations are in sync. Existing rows start with an
/// empty list; the next pass fills it. Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261204000027_SlurmMore")]
internal sealed class M0027_SlurmMore : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.AddColumn<string>("NamespacesBehind", "slurm_cluster_status", nullable: false, defaultValue: "[]");

    protected override void Down(MigrationBuilder m) => m.DropColumn("NamespacesBehind", "slurm_cluster_status");
}
