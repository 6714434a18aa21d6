using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// The portal's notice inbox (one row per notice and person, read or not) and the single-use links mailed for password
/// resets and email changes (only the secret's hash is stored). Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000013_Portal")]
internal sealed class M0013_Portal : Migration
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

        m.CreateTable("account_links", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            PersonId = t.Column<Guid>(nullable: false),
            Purpose = t.Column<string>(maxLength: 32, nullable: false),
            SecretHash = t.Column<string>(maxLength: 64, nullable: false),
            NewEmail = t.Column<string>(maxLength: 320, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
            UsedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_account_links", x => x.Id);
            t.ForeignKey("FK_account_links_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_account_links_SecretHash", "account_links", "SecretHash", unique: true);
        m.CreateIndex("IX_account_links_PersonId", "account_links", "PersonId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("account_links");
        m.DropTable("portal_notices");
    }
}
