using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>Leader-election leases kept in the database (policy scans). Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261202000006_LeaderLeases")]
internal sealed class M0006_LeaderLeases : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("leader_leases", t => new
        {
            Name = t.Column<string>(maxLength: 128, nullable: false),
            Holder = t.Column<string>(maxLength: 256, nullable: true),
            DurationSeconds = t.Column<int>(nullable: false),
            AcquireTime = t.Column<DateTime>(nullable: true),
            RenewTime = t.Column<DateTime>(nullable: true),
            Transitions = t.Column<int>(nullable: false),
            Version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_leader_leases", x => x.Name));
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("leader_leases");
}
