using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>The portal's notice inbox: one row per notice and person, read or not. Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000013_Portal")]
public sealed class M0013_Portal : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("portal_notices", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            PersonId = t.Column<Guid>(nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Body = t.Column<string>(maxLength: 4000, nullable: false),
            Link = t.Column<string>(maxLength: 500, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ReadAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_portal_notices", x => x.Id);
            t.ForeignKey("FK_portal_notices_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_portal_notices_PersonId_CreatedAt", "portal_notices", ["PersonId", "CreatedAt"]);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("portal_notices");
}
