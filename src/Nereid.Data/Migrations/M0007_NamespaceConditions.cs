using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// Per-cluster namespace status as a list of conditions (Ready, Progressing, Degraded), kept as one JSON text column
/// beside the summary columns M0002 created. Existing rows start with an empty list; the next pass fills it.
/// Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000007_NamespaceConditions")]
internal sealed class M0007_NamespaceConditions : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.AddColumn<string>("Conditions", "namespace_cluster_status", nullable: false, defaultValue: "[]");

    protected override void Down(MigrationBuilder m) => m.DropColumn("Conditions", "namespace_cluster_status");
}
