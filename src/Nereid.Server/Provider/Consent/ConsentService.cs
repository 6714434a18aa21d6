using System.Collections.Immutable;
using System.Security.Claims;
using Nereid.Domain.Errors;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider.Consent;

/// <summary>A client a person allowed, as the profile lists it.</summary>
internal sealed record ConsentGrant(string Id, string ClientId, string ClientName, string[] Scopes, DateTimeOffset? GrantedAt);

/// <summary>
/// Consent to clients registered as "consent required", kept as OpenIddict permanent authorizations (one per person,
/// client and set of scopes allowed): the authorize endpoint finds one covering the request's scopes or sends the person
/// to <c>/connect/consent</c>; the profile lists them, and revoking one revokes every token issued under it. Each grant
/// and revocation is audited in the same save as the authorization row.
/// </summary>
internal sealed class ConsentService(IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens, AuditLog audit)
{
    /// <summary>
    /// Marks a client registered as "consent required". OpenIddict reads a client with no consent type as explicit, so
    /// the consent type alone would send every client registered without one to the consent page; this property is
    /// set only by <see cref="ClientRegistry"/> when asked.
    /// </summary>
    public const string RequiredProperty = "nereid_consent_required";

    public async Task<bool> RequiresConsentAsync(object application, CancellationToken ct) =>
        (await applications.GetPropertiesAsync(application, ct)).ContainsKey(RequiredProperty);

    /// <summary>The id of the person's valid permanent authorization for the client covering <paramref name="scopes"/>, or null.</summary>
    public async Task<string?> FindAsync(Guid personId, object application, ImmutableArray<string> scopes, CancellationToken ct)
    {
        var applicationId = await applications.GetIdAsync(application, ct);
        await foreach (var authorization in authorizations.FindAsync(personId.ToString(), applicationId, Statuses.Valid, AuthorizationTypes.Permanent, scopes, ct))
            return await authorizations.GetIdAsync(authorization, ct);
        return null;
    }

    /// <summary>Remembers that the person allowed the client these scopes; returns the authorization id.</summary>
    public async Task<string> GrantAsync(Actor actor, object application, ImmutableArray<string> scopes, CancellationToken ct)
    {
        var clientId = await applications.GetClientIdAsync(application, ct) ?? "";
        // Only what the client may ask for is remembered (the authorize endpoint checks each request again anyway).
        var allowed = new List<string>();
        foreach (var scope in scopes)
        {
            if (scope is Scopes.OpenId or Scopes.OfflineAccess || await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, ct))
                allowed.Add(scope);
        }
        scopes = [.. allowed];
        // Asked again (prompt=consent) for what the person already allowed: the consent they gave stands, no second one.
        if (await FindAsync(actor.PersonId, application, scopes, ct) is { } existing)
            return existing;
        var identity = new ClaimsIdentity("consent", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, actor.PersonId.ToString());
        audit.Record(actor, "provider.consent.grant", "oidc-client", clientId, null, after: new { scopes = scopes.ToArray() });
        var authorization = await authorizations.CreateAsync(new ClaimsPrincipal(identity), actor.PersonId.ToString(),
            await applications.GetIdAsync(application, ct) ?? "", AuthorizationTypes.Permanent, scopes, ct);
        return await authorizations.GetIdAsync(authorization, ct) ?? "";
    }

    /// <summary>The person's valid consents, newest first.</summary>
    public async Task<IReadOnlyList<ConsentGrant>> ListAsync(Actor actor, CancellationToken ct)
    {
        var grants = new List<ConsentGrant>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(actor.PersonId.ToString(), ct))
        {
            if (!await authorizations.HasTypeAsync(authorization, AuthorizationTypes.Permanent, ct)
                || !await authorizations.HasStatusAsync(authorization, Statuses.Valid, ct))
                continue;
            var applicationId = await authorizations.GetApplicationIdAsync(authorization, ct);
            var application = applicationId is null ? null : await applications.FindByIdAsync(applicationId, ct);
            var clientId = application is null ? "" : await applications.GetClientIdAsync(application, ct) ?? "";
            var name = application is null ? clientId : await applications.GetDisplayNameAsync(application, ct) ?? clientId;
            grants.Add(new ConsentGrant(await authorizations.GetIdAsync(authorization, ct) ?? "", clientId, name,
                [.. await authorizations.GetScopesAsync(authorization, ct)], await authorizations.GetCreationDateAsync(authorization, ct)));
        }
        return [.. grants.OrderByDescending(g => g.GrantedAt)];
    }

    /// <summary>Withdraws a consent of the person's own: the client must ask again, and every token issued under it stops working.</summary>
    public async Task RevokeAsync(Actor actor, string authorizationId, CancellationToken ct)
    {
        var authorization = await authorizations.FindByIdAsync(authorizationId, ct);
        if (authorization is null || await authorizations.GetSubjectAsync(authorization, ct) != actor.PersonId.ToString()
            || !await authorizations.HasTypeAsync(authorization, AuthorizationTypes.Permanent, ct)
            || !await authorizations.HasStatusAsync(authorization, Statuses.Valid, ct))
            throw new NotFoundException("You have no such consent.");
        var applicationId = await authorizations.GetApplicationIdAsync(authorization, ct);
        var application = applicationId is null ? null : await applications.FindByIdAsync(applicationId, ct);
        var clientId = application is null ? "" : await applications.GetClientIdAsync(application, ct) ?? "";
        audit.Record(actor, "provider.consent.revoke", "oidc-client", clientId, null);
        await authorizations.TryRevokeAsync(authorization, ct);
        await tokens.RevokeByAuthorizationIdAsync(authorizationId, ct);
    }
}
