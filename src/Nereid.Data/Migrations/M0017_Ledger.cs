using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// The usage ledger: CPU/GPU/memory-hours per namespace, person, institution, GPU type, engine and day, one row per source
/// record (unique source key, so re-imports never double count), and each incremental import's cursor. Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000017_Ledger")]
internal sealed class M0017_Ledger : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ledger_records", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            SourceKey = t.Column<string>(maxLength: 200, nullable: false),
            Engine = t.Column<string>(maxLength: 20, nullable: false),
            Namespace = t.Column<string>(maxLength: 63, nullable: false),
            Person = t.Column<string>(maxLength: 64, nullable: false),
            Institution = t.Column<string>(maxLength: 200, nullable: false),
            GpuType = t.Column<string>(maxLength: 200, nullable: false),
            Day = t.Column<DateTime>(nullable: false),
            CpuHours = t.Column<double>(nullable: false),
            GpuHours = t.Column<double>(nullable: false),
            MemoryGibHours = t.Column<double>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ledger_records", x => x.Id));
        m.CreateIndex("IX_ledger_records_SourceKey", "ledger_records", "SourceKey", unique: true);
        m.CreateIndex("IX_ledger_records_Namespace_Day", "ledger_records", ["Namespace", "Day"]);
        m.CreateTable("ledger_cursors", t => new
        {
            Source = t.Column<string>(maxLength: 200, nullable: false),
            Position = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ledger_cursors", x => x.Source));
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("ledger_cursors");
        m.DropTable("ledger_records");
    }
}
