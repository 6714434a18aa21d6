using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// Slurm beside Kubernetes: each person's POSIX identity (user name and uid, both unique, never reused), which Slurm
/// associations and operators' account provisioning use. Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000011_Slurm")]
internal sealed class M0011_Slurm : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("posix_accounts", t => new
        {
            PersonId = t.Column<Guid>(nullable: false),
            UserName = t.Column<string>(maxLength: 32, nullable: false),
            Uid = t.Column<int>(nullable: false),
            Source = t.Column<string>(maxLength: 20, nullable: false),
            AssignedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_posix_accounts", x => x.PersonId);
            t.ForeignKey("FK_posix_accounts_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_posix_accounts_UserName", "posix_accounts", "UserName", unique: true);
        m.CreateIndex("IX_posix_accounts_Uid", "posix_accounts", "Uid", unique: true);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("posix_accounts");
}
