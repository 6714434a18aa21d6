using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>Violations of usage policies, the notices sent about them, and the exceptions registry. Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261122000004_Policies")]
internal sealed class M0004_Policies : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("violations", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Policy = t.Column<string>(maxLength: 40, nullable: false),
            Cluster = t.Column<string>(maxLength: 100, nullable: false),
            Namespace = t.Column<string>(maxLength: 63, nullable: false),
            WorkloadKind = t.Column<string>(maxLength: 40, nullable: false),
            WorkloadName = t.Column<string>(maxLength: 253, nullable: false),
            PodName = t.Column<string>(maxLength: 253, nullable: true),
            OwnerId = t.Column<Guid>(nullable: true),
            OwnerName = t.Column<string>(maxLength: 320, nullable: false),
            Summary = t.Column<string>(maxLength: 500, nullable: false),
            Evidence = t.Column<string>(nullable: false),
            FirstSeenAt = t.Column<DateTime>(nullable: false),
            LastSeenAt = t.Column<DateTime>(nullable: false),
            ResolvedAt = t.Column<DateTime>(nullable: true),
            NoticesSent = t.Column<int>(nullable: false),
            LastNoticeAt = t.Column<DateTime>(nullable: true),
            Enforcement = t.Column<string>(maxLength: 40, nullable: false),
            EnforcedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_violations", x => x.Id));
        m.CreateIndex("IX_violations_ResolvedAt_Namespace", "violations", ["ResolvedAt", "Namespace"]);
        m.CreateIndex("IX_violations_OwnerId", "violations", "OwnerId");

        m.CreateTable("violation_notices", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ViolationId = t.Column<Guid>(nullable: false),
            Channel = t.Column<string>(maxLength: 20, nullable: false),
            Recipients = t.Column<string>(maxLength: 2000, nullable: false),
            SentAt = t.Column<DateTime>(nullable: false),
            Delivered = t.Column<bool>(nullable: false),
            Error = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_violation_notices", x => x.Id);
            t.ForeignKey("FK_violation_notices_violations_ViolationId", x => x.ViolationId, "violations", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_violation_notices_ViolationId", "violation_notices", "ViolationId");

        m.CreateTable("policy_exceptions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Namespace = t.Column<string>(maxLength: 63, nullable: false),
            PodName = t.Column<string>(maxLength: 253, nullable: true),
            Policy = t.Column<string>(maxLength: 40, nullable: false),
            Reason = t.Column<string>(maxLength: 1000, nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            GrantedById = t.Column<Guid>(nullable: false),
            GrantedByName = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_policy_exceptions", x => x.Id));
        m.CreateIndex("IX_policy_exceptions_Namespace_ExpiresAt", "policy_exceptions", ["Namespace", "ExpiresAt"]);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("violation_notices");
        m.DropTable("violations");
        m.DropTable("policy_exceptions");
    }
}
