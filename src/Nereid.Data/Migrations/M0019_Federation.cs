using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>The federation switch of namespaces (a row while federated through Admiralty). Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000019_Federation")]
internal sealed class M0019_Federation : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("namespace_federations", t => new
        {
            NamespaceId = t.Column<Guid>(nullable: false),
            FederatedAt = t.Column<DateTime>(nullable: false),
            SetById = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_namespace_federations", x => x.NamespaceId);
            t.ForeignKey("FK_namespace_federations_namespaces_NamespaceId", x => x.NamespaceId, "namespaces", "Id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("namespace_federations");
}
