using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>Per-namespace ResourceQuota overrides set by platform admins. Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261122000005_NamespaceQuotas")]
internal sealed class M0005_NamespaceQuotas : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("namespace_quotas", t => new
        {
            NamespaceId = t.Column<Guid>(nullable: false),
            Resource = t.Column<string>(maxLength: 317, nullable: false),
            Quantity = t.Column<string>(maxLength: 64, nullable: false),
            SetAt = t.Column<DateTime>(nullable: false),
            SetById = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_namespace_quotas", x => new { x.NamespaceId, x.Resource });
            t.ForeignKey("FK_namespace_quotas_namespaces_NamespaceId", x => x.NamespaceId, "namespaces", "Id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("namespace_quotas");
}
