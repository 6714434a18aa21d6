using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>The session image catalogue kept by platform admins (what JupyterHub may start). Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000014_Sessions")]
internal sealed class M0014_Sessions : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("session_images", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 63, nullable: false),
            Image = t.Column<string>(maxLength: 512, nullable: false),
            Description = t.Column<string>(maxLength: 2000, nullable: false),
            NeedsGpu = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_session_images", x => x.Id));
        m.CreateIndex("IX_session_images_Name", "session_images", "Name", unique: true);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("session_images");
}
