using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// The upstream ID token of a federated session, kept for RP-initiated logout at that provider (id_token_hint).
/// Existing sessions have none and sign out locally only. Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261204000025_SessionUpstreamIdToken")]
internal sealed class M0025_SessionUpstreamIdToken : Migration
{
    protected override void Up(MigrationBuilder m) => m.AddColumn<string>("UpstreamIdToken", "sessions", nullable: true);

    protected override void Down(MigrationBuilder m) => m.DropColumn("UpstreamIdToken", "sessions");
}
