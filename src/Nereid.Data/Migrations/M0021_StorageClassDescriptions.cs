using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>Operator-written StorageClass descriptions, one per cluster and class. Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261204000021_StorageClassDescriptions")]
internal sealed class M0021_StorageClassDescriptions : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("storage_class_descriptions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Cluster = t.Column<string>(maxLength: 63, nullable: false),
            ClassName = t.Column<string>(maxLength: 253, nullable: false),
            Region = t.Column<string>(maxLength: 100, nullable: false),
            FilesystemType = t.Column<string>(maxLength: 100, nullable: false),
            AccessModes = t.Column<string>(maxLength: 200, nullable: false),
            Media = t.Column<string>(maxLength: 100, nullable: false),
            Notes = t.Column<string>(maxLength: 1000, nullable: false),
            Version = t.Column<int>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_storage_class_descriptions", x => x.Id));
        m.CreateIndex("IX_storage_class_descriptions_Cluster_ClassName", "storage_class_descriptions", ["Cluster", "ClassName"], unique: true);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("storage_class_descriptions");
}
