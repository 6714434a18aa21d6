using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// The first schema. Hand-written (no design-time tooling here) and provider-neutral: column types come from each
/// provider's mapping of the CLR type, so the same migration builds the SQLite and the PostgreSQL schema.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261122000001_Initial")]
internal sealed class M0001_Initial : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("people", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            DisplayName = t.Column<string>(maxLength: 200, nullable: false),
            Email = t.Column<string>(maxLength: 320, nullable: false),
            NormalizedEmail = t.Column<string>(maxLength: 320, nullable: false),
            Institution = t.Column<string>(maxLength: 200, nullable: false),
            Tier = t.Column<string>(maxLength: 20, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            LastSeenAt = t.Column<DateTime>(nullable: true),
            SecurityStamp = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_people", x => x.Id));
        m.CreateIndex("IX_people_NormalizedEmail", "people", "NormalizedEmail");
        m.CreateIndex("IX_people_DisplayName", "people", "DisplayName");

        m.CreateTable("external_identities", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            PersonId = t.Column<Guid>(nullable: false),
            Issuer = t.Column<string>(maxLength: 500, nullable: false),
            Subject = t.Column<string>(maxLength: 500, nullable: false),
            Idp = t.Column<string>(maxLength: 500, nullable: false),
            IdpName = t.Column<string>(maxLength: 200, nullable: false),
            Email = t.Column<string>(maxLength: 320, nullable: false),
            LinkedAt = t.Column<DateTime>(nullable: false),
            LastLoginAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_external_identities", x => x.Id);
            t.ForeignKey("FK_external_identities_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_external_identities_Issuer_Subject", "external_identities", ["Issuer", "Subject"], unique: true);
        m.CreateIndex("IX_external_identities_PersonId", "external_identities", "PersonId");

        m.CreateTable("local_accounts", t => new
        {
            PersonId = t.Column<Guid>(nullable: false),
            UserName = t.Column<string>(maxLength: 100, nullable: false),
            NormalizedUserName = t.Column<string>(maxLength: 100, nullable: false),
            PasswordHash = t.Column<string>(maxLength: 500, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            FailedAttempts = t.Column<int>(nullable: false),
            LockedUntil = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_local_accounts", x => x.PersonId);
            t.ForeignKey("FK_local_accounts_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_local_accounts_NormalizedUserName", "local_accounts", "NormalizedUserName", unique: true);

        m.CreateTable("sessions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            PersonId = t.Column<Guid>(nullable: false),
            SecurityStamp = t.Column<string>(maxLength: 64, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
            RevokedAt = t.Column<DateTime>(nullable: true),
            Method = t.Column<string>(maxLength: 100, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_sessions", x => x.Id);
            t.ForeignKey("FK_sessions_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_sessions_PersonId", "sessions", "PersonId");

        CreateNamespaceTables(m);
        CreateRequestTables(m);
        CreateOperationalTables(m);
    }

    private static void CreateNamespaceTables(MigrationBuilder m)
    {
        m.CreateTable("namespaces", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 63, nullable: false),
            Institution = t.Column<string>(maxLength: 200, nullable: false),
            Pis = t.Column<string>(nullable: false),
            Grants = t.Column<string>(nullable: false),
            Software = t.Column<string>(nullable: false),
            Description = t.Column<string>(nullable: false),
            Publications = t.Column<string>(nullable: false),
            State = t.Column<string>(maxLength: 20, nullable: false),
            CreatedById = t.Column<Guid>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            DeletionRequestedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
            SearchText = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_namespaces", x => x.Id));
        m.CreateIndex("IX_namespaces_Name", "namespaces", "Name", unique: true);

        m.CreateTable("memberships", t => new
        {
            NamespaceId = t.Column<Guid>(nullable: false),
            PersonId = t.Column<Guid>(nullable: false),
            Role = t.Column<string>(maxLength: 20, nullable: false),
            AddedAt = t.Column<DateTime>(nullable: false),
            AddedById = t.Column<Guid>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_memberships", x => new { x.NamespaceId, x.PersonId });
            t.ForeignKey("FK_memberships_namespaces_NamespaceId", x => x.NamespaceId, "namespaces", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_memberships_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_memberships_PersonId", "memberships", "PersonId");
    }

    private static void CreateRequestTables(MigrationBuilder m)
    {
        m.CreateTable("tier_requests", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            PersonId = t.Column<Guid>(nullable: false),
            RequestedTier = t.Column<string>(maxLength: 20, nullable: false),
            Reason = t.Column<string>(maxLength: 2000, nullable: false),
            State = t.Column<string>(maxLength: 20, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            DecidedById = t.Column<Guid>(nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            DecisionReason = t.Column<string>(maxLength: 2000, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_tier_requests", x => x.Id);
            t.ForeignKey("FK_tier_requests_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_tier_requests_State_CreatedAt", "tier_requests", ["State", "CreatedAt"]);
        m.CreateIndex("IX_tier_requests_PersonId", "tier_requests", "PersonId");

        m.CreateTable("join_requests", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            NamespaceId = t.Column<Guid>(nullable: false),
            PersonId = t.Column<Guid>(nullable: false),
            Message = t.Column<string>(maxLength: 2000, nullable: false),
            State = t.Column<string>(maxLength: 20, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            DecidedById = t.Column<Guid>(nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            DecisionReason = t.Column<string>(maxLength: 2000, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_join_requests", x => x.Id);
            t.ForeignKey("FK_join_requests_namespaces_NamespaceId", x => x.NamespaceId, "namespaces", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_join_requests_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_join_requests_NamespaceId_State", "join_requests", ["NamespaceId", "State"]);
        m.CreateIndex("IX_join_requests_PersonId", "join_requests", "PersonId");
    }

    private static void CreateOperationalTables(MigrationBuilder m)
    {
        m.CreateTable("audit_events", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            ActorId = t.Column<Guid>(nullable: true),
            ActorName = t.Column<string>(maxLength: 200, nullable: false),
            Action = t.Column<string>(maxLength: 100, nullable: false),
            TargetType = t.Column<string>(maxLength: 50, nullable: false),
            TargetId = t.Column<string>(maxLength: 200, nullable: false),
            NamespaceName = t.Column<string>(maxLength: 63, nullable: true),
            Before = t.Column<string>(nullable: true),
            After = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_audit_events", x => x.Id));
        m.CreateIndex("IX_audit_events_At", "audit_events", "At");
        m.CreateIndex("IX_audit_events_NamespaceName_At", "audit_events", ["NamespaceName", "At"]);

        m.CreateTable("personal_access_tokens", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            PersonId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Prefix = t.Column<string>(maxLength: 20, nullable: false),
            Hash = t.Column<string>(maxLength: 100, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: true),
            LastUsedAt = t.Column<DateTime>(nullable: true),
            RevokedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_personal_access_tokens", x => x.Id);
            t.ForeignKey("FK_personal_access_tokens_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_personal_access_tokens_Hash", "personal_access_tokens", "Hash", unique: true);
        m.CreateIndex("IX_personal_access_tokens_PersonId", "personal_access_tokens", "PersonId");

        m.CreateTable("data_protection_keys", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            FriendlyName = t.Column<string>(maxLength: 200, nullable: false),
            Xml = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_data_protection_keys", x => x.Id));
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "data_protection_keys", "personal_access_tokens", "audit_events", "join_requests", "tier_requests",
                     "memberships", "namespaces", "sessions", "local_accounts", "external_identities", "people" })
            m.DropTable(table);
    }
}
