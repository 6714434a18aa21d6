using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>Usage accounting: one row per (namespace, cluster, sample bucket, GPU type). Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261122000003_Usage")]
internal sealed class M0003_Usage : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("usage_samples", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Namespace = t.Column<string>(maxLength: 63, nullable: false),
            Institution = t.Column<string>(maxLength: 200, nullable: false),
            Cluster = t.Column<string>(maxLength: 100, nullable: false),
            GpuType = t.Column<string>(maxLength: 200, nullable: false),
            BucketStart = t.Column<DateTime>(nullable: false),
            IntervalSeconds = t.Column<int>(nullable: false),
            CpuCores = t.Column<double>(nullable: false),
            MemoryBytes = t.Column<long>(nullable: false),
            Gpus = t.Column<double>(nullable: false),
            CpuCoreHours = t.Column<double>(nullable: false),
            MemoryGiBHours = t.Column<double>(nullable: false),
            GpuHours = t.Column<double>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_usage_samples", x => x.Id));
        m.CreateIndex("IX_usage_samples_Namespace_Cluster_BucketStart_GpuType", "usage_samples",
            ["Namespace", "Cluster", "BucketStart", "GpuType"], unique: true);
        m.CreateIndex("IX_usage_samples_Institution_BucketStart", "usage_samples", ["Institution", "BucketStart"]);
        m.CreateIndex("IX_usage_samples_BucketStart", "usage_samples", "BucketStart");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("usage_samples");
}
