using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>Namespace admins' requests for policy exceptions and the platform admins' decisions. Provider-neutral like M0001.</summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261204000024_ExceptionRequests")]
internal sealed class M0024_ExceptionRequests : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("policy_exception_requests", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Namespace = t.Column<string>(maxLength: 63, nullable: false),
            PodName = t.Column<string>(maxLength: 253, nullable: true),
            Policy = t.Column<string>(maxLength: 40, nullable: false),
            ViolationId = t.Column<Guid>(nullable: true),
            Reason = t.Column<string>(maxLength: 1000, nullable: false),
            DurationDays = t.Column<int>(nullable: false),
            RequestedById = t.Column<Guid>(nullable: false),
            RequestedByName = t.Column<string>(maxLength: 200, nullable: false),
            RequestedAt = t.Column<DateTime>(nullable: false),
            State = t.Column<string>(maxLength: 20, nullable: false),
            DecidedById = t.Column<Guid>(nullable: true),
            DecidedByName = t.Column<string>(maxLength: 200, nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            DecisionNote = t.Column<string>(maxLength: 1000, nullable: true),
            ExceptionId = t.Column<Guid>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_policy_exception_requests", x => x.Id));
        m.CreateIndex("IX_policy_exception_requests_State_Namespace", "policy_exception_requests", ["State", "Namespace"]);
        m.CreateIndex("IX_policy_exception_requests_RequestedById", "policy_exception_requests", "RequestedById");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("policy_exception_requests");
}
