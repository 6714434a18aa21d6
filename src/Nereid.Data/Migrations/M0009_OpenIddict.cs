using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// Nereid as an OpenID provider: OpenIddict's four EF Core tables (applications = registered clients,
/// authorizations = what a person granted a client, scopes, tokens = codes, refresh tokens and their redemption) with
/// OpenIddict's default names, keys and lengths, and the provider's signing keys. Provider-neutral like M0001.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261203000009_OpenIddict")]
internal sealed class M0009_OpenIddict : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("OpenIddictApplications", t => new
        {
            Id = t.Column<string>(nullable: false),
            ApplicationType = t.Column<string>(maxLength: 50, nullable: true),
            ClientId = t.Column<string>(maxLength: 100, nullable: true),
            ClientSecret = t.Column<string>(nullable: true),
            ClientType = t.Column<string>(maxLength: 50, nullable: true),
            ConcurrencyToken = t.Column<string>(maxLength: 50, nullable: true),
            ConsentType = t.Column<string>(maxLength: 50, nullable: true),
            DisplayName = t.Column<string>(nullable: true),
            DisplayNames = t.Column<string>(nullable: true),
            JsonWebKeySet = t.Column<string>(nullable: true),
            Permissions = t.Column<string>(nullable: true),
            PostLogoutRedirectUris = t.Column<string>(nullable: true),
            Properties = t.Column<string>(nullable: true),
            RedirectUris = t.Column<string>(nullable: true),
            Requirements = t.Column<string>(nullable: true),
            Settings = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_OpenIddictApplications", x => x.Id));
        m.CreateIndex("IX_OpenIddictApplications_ClientId", "OpenIddictApplications", "ClientId", unique: true);

        m.CreateTable("OpenIddictScopes", t => new
        {
            Id = t.Column<string>(nullable: false),
            ConcurrencyToken = t.Column<string>(maxLength: 50, nullable: true),
            Description = t.Column<string>(nullable: true),
            Descriptions = t.Column<string>(nullable: true),
            DisplayName = t.Column<string>(nullable: true),
            DisplayNames = t.Column<string>(nullable: true),
            Name = t.Column<string>(maxLength: 200, nullable: true),
            Properties = t.Column<string>(nullable: true),
            Resources = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_OpenIddictScopes", x => x.Id));
        m.CreateIndex("IX_OpenIddictScopes_Name", "OpenIddictScopes", "Name", unique: true);

        m.CreateTable("OpenIddictAuthorizations", t => new
        {
            Id = t.Column<string>(nullable: false),
            ApplicationId = t.Column<string>(nullable: true),
            ConcurrencyToken = t.Column<string>(maxLength: 50, nullable: true),
            CreationDate = t.Column<DateTime>(nullable: true),
            Properties = t.Column<string>(nullable: true),
            Scopes = t.Column<string>(nullable: true),
            Status = t.Column<string>(maxLength: 50, nullable: true),
            Subject = t.Column<string>(maxLength: 400, nullable: true),
            Type = t.Column<string>(maxLength: 50, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OpenIddictAuthorizations", x => x.Id);
            t.ForeignKey("FK_OpenIddictAuthorizations_OpenIddictApplications_ApplicationId", x => x.ApplicationId,
                "OpenIddictApplications", "Id");
        });
        m.CreateIndex("IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type", "OpenIddictAuthorizations",
            ["ApplicationId", "Status", "Subject", "Type"]);

        m.CreateTable("OpenIddictTokens", t => new
        {
            Id = t.Column<string>(nullable: false),
            ApplicationId = t.Column<string>(nullable: true),
            AuthorizationId = t.Column<string>(nullable: true),
            ConcurrencyToken = t.Column<string>(maxLength: 50, nullable: true),
            CreationDate = t.Column<DateTime>(nullable: true),
            ExpirationDate = t.Column<DateTime>(nullable: true),
            Payload = t.Column<string>(nullable: true),
            Properties = t.Column<string>(nullable: true),
            RedemptionDate = t.Column<DateTime>(nullable: true),
            ReferenceId = t.Column<string>(maxLength: 100, nullable: true),
            Status = t.Column<string>(maxLength: 50, nullable: true),
            Subject = t.Column<string>(maxLength: 400, nullable: true),
            Type = t.Column<string>(maxLength: 150, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OpenIddictTokens", x => x.Id);
            t.ForeignKey("FK_OpenIddictTokens_OpenIddictApplications_ApplicationId", x => x.ApplicationId, "OpenIddictApplications", "Id");
            t.ForeignKey("FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId", x => x.AuthorizationId, "OpenIddictAuthorizations", "Id");
        });
        m.CreateIndex("IX_OpenIddictTokens_ApplicationId_Status_Subject_Type", "OpenIddictTokens", ["ApplicationId", "Status", "Subject", "Type"]);
        m.CreateIndex("IX_OpenIddictTokens_AuthorizationId", "OpenIddictTokens", "AuthorizationId");
        m.CreateIndex("IX_OpenIddictTokens_ReferenceId", "OpenIddictTokens", "ReferenceId", unique: true);

        m.CreateTable("provider_signing_keys", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            Algorithm = t.Column<string>(maxLength: 16, nullable: false),
            ProtectedKey = t.Column<string>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            RetiresAt = t.Column<DateTime>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_provider_signing_keys", x => x.Id));
        m.CreateIndex("IX_provider_signing_keys_ExpiresAt", "provider_signing_keys", "ExpiresAt");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("provider_signing_keys");
        m.DropTable("OpenIddictTokens");
        m.DropTable("OpenIddictAuthorizations");
        m.DropTable("OpenIddictScopes");
        m.DropTable("OpenIddictApplications");
    }
}
