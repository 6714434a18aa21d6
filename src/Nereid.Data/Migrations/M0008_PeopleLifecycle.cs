using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// Suspension of people: when and why a platform admin suspended someone (null/empty while active). Existing people
/// start active. Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000008_PeopleLifecycle")]
internal sealed class M0008_PeopleLifecycle : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<DateTime>("SuspendedAt", "people", nullable: true);
        m.AddColumn<string>("SuspensionReason", "people", maxLength: 1000, nullable: false, defaultValue: "");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("SuspensionReason", "people");
        m.DropColumn("SuspendedAt", "people");
    }
}
