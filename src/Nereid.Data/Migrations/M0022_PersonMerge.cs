using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// Merging people: a merged-away person stays as a tombstone pointing at the survivor (null while the person is in
/// use), so audit entries naming them still resolve. Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000022_PersonMerge")]
internal sealed class M0022_PersonMerge : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<Guid>("MergedIntoId", "people", nullable: true);
        m.AddColumn<DateTime>("MergedAt", "people", nullable: true);
        m.CreateIndex("IX_people_MergedIntoId", "people", "MergedIntoId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_people_MergedIntoId", "people");
        m.DropColumn("MergedAt", "people");
        m.DropColumn("MergedIntoId", "people");
    }
}
