using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Data.Provider;
using Nereid.Server.FunctionalTests.Infrastructure;
using OpenIddict.Abstractions;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>
/// The provider's storage on the database the server migrated (SQLite, or PostgreSQL with NEREID_TEST_DATABASE=postgres):
/// OpenIddict's own managers write and read every table of M0009, which fails if a column, length or key differs
/// from OpenIddict's model.
/// </summary>
public sealed class ProviderStoreTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Managers_ClientGrantAndTokens_RoundTripThroughMigratedTables()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var scopes = scope.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>();
        var clientId = "store-" + Guid.NewGuid().ToString("N")[..8];

        var client = await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = "s3cret-" + clientId,
            ClientType = OpenIddictConstants.ClientTypes.Confidential,
            ConsentType = OpenIddictConstants.ConsentTypes.Explicit,
            DisplayName = "JupyterHub",
            RedirectUris = { new Uri("https://hub.example/hub/oauth_callback") },
            PostLogoutRedirectUris = { new Uri("https://hub.example/hub/logout") },
            Permissions = { OpenIddictConstants.Permissions.Endpoints.Token, OpenIddictConstants.Permissions.GrantTypes.AuthorizationCode },
        });
        await scopes.CreateAsync(new OpenIddictScopeDescriptor { Name = "groups-" + clientId, Resources = { "kubernetes" } });
        var appId = await applications.GetIdAsync(client);
        var grant = await authorizations.CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = appId, Subject = "person-1", Status = OpenIddictConstants.Statuses.Valid,
            Type = OpenIddictConstants.AuthorizationTypes.Permanent, CreationDate = DateTimeOffset.UtcNow, Scopes = { "openid", "groups" },
        });
        var refresh = await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            ApplicationId = appId, AuthorizationId = await authorizations.GetIdAsync(grant), Subject = "person-1",
            Type = OpenIddictConstants.TokenTypeHints.RefreshToken, Status = OpenIddictConstants.Statuses.Valid,
            ReferenceId = "ref-" + clientId, CreationDate = DateTimeOffset.UtcNow, ExpirationDate = DateTimeOffset.UtcNow.AddDays(14),
            Payload = new string('p', 4000),
        });

        var found = (await applications.FindByClientIdAsync(clientId))!;
        (await applications.ValidateClientSecretAsync(found, "s3cret-" + clientId)).ShouldBeTrue();
        (await applications.ValidateClientSecretAsync(found, "wrong")).ShouldBeFalse();
        (await applications.GetRedirectUrisAsync(found)).ShouldBe(["https://hub.example/hub/oauth_callback"]);
        (await scopes.FindByNameAsync("groups-" + clientId)).ShouldNotBeNull();
        var byReference = (await tokens.FindByReferenceIdAsync("ref-" + clientId))!;
        (await tokens.GetIdAsync(byReference)).ShouldBe(await tokens.GetIdAsync(refresh));
        (await tokens.TryRedeemAsync(byReference)).ShouldBeTrue();
        (await tokens.HasStatusAsync(byReference, OpenIddictConstants.Statuses.Redeemed)).ShouldBeTrue();
        // Revoking the grant revokes its tokens (what refresh-token reuse detection relies on).
        (await authorizations.TryRevokeAsync(grant)).ShouldBeTrue();
        (await tokens.RevokeByAuthorizationIdAsync((await authorizations.GetIdAsync(grant))!)).ShouldBe(1);
        // The bulk update bypasses this scope's tracked entities: read it back as the next request would.
        await using var next = app.Services.CreateAsyncScope();
        var fresh = next.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        (await fresh.HasStatusAsync((await fresh.FindByReferenceIdAsync("ref-" + clientId))!, OpenIddictConstants.Statuses.Revoked)).ShouldBeTrue();
    }

    [Fact]
    public async Task SigningKeys_ProtectedRow_RoundTrips()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var now = DateTime.UtcNow;
        var id = "k-" + Guid.NewGuid().ToString("N");
        db.ProviderSigningKeys.Add(new ProviderSigningKeyRow
        {
            Id = id, Algorithm = "RS256", ProtectedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(1300)),
            CreatedAt = now, RetiresAt = now.AddDays(30), ExpiresAt = now.AddDays(31),
        });
        await db.SaveChangesAsync();

        var row = await db.ProviderSigningKeys.AsNoTracking().SingleAsync(k => k.Id == id);
        row.RetiresAt.Kind.ShouldBe(DateTimeKind.Utc);
        row.ExpiresAt.ShouldBe(now.AddDays(31), TimeSpan.FromMilliseconds(1));
    }
}
