using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Nereid.Kubernetes.Projection;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Nereid.Server.Namespaces;
using Nereid.Server.Provider.ApiAccess;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider;

/// <summary>
/// The claims Nereid issues about a person, always read fresh from the database (at authorization, at every refresh,
/// at userinfo): a removed person gets nothing, a removed member loses the group, a demoted person the tier.
/// <c>sub</c> is the person's own id, never an upstream provider's subject, so it survives linking and re-linking.
/// </summary>
internal sealed class PersonClaims(NereidDbContext db, IOpenIddictApplicationManager applications)
{
    public const string GroupsScope = "groups";
    public const string GroupsClaim = "groups";
    public const string TierClaim = "tier";

    /// <summary>Scopes the provider knows; a client still needs each one permitted.</summary>
    public static readonly string[] SupportedScopes = [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, GroupsScope, ApiScope.Name];

    /// <summary>
    /// An identity for <paramref name="personId"/> with <paramref name="scopes"/>, or null when the person no longer exists,
    /// is suspended, or was merged into someone else (a tombstone's grants stop refreshing).
    /// At the token endpoint <paramref name="previous"/> is the grant's principal: its OpenIddict claims (authorization,
    /// presenters, resources) are kept so rotation and reuse detection follow the same chain; the person's claims are replaced.
    /// <paramref name="clientId"/> is the client the claims are for: its group setting (<see cref="ClientGroups"/>) decides which groups it gets.
    /// </summary>
    public async Task<ClaimsIdentity?> BuildAsync(Guid personId, IEnumerable<string> scopes, ClaimsPrincipal? previous, string? clientId, CancellationToken ct)
    {
        // One round trip for the person and their local user name: every refresh grant runs this.
        var found = await db.People.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { Person = p, UserName = db.LocalAccounts.Where(a => a.PersonId == p.Id).Select(a => a.UserName).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        // A suspended person gets no token and no userinfo until reinstated: nothing is issued on an old grant meanwhile.
        if (found?.Person is not { IsMerged: false, IsSuspended: false } person)
            return null;
        var userName = found.UserName;
        var identity = new ClaimsIdentity(previous?.Claims ?? [], OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.Id.ToString());
        identity.SetClaim(Claims.Name, person.DisplayName);
        identity.SetClaim(Claims.PreferredUsername, string.IsNullOrEmpty(userName) ? person.Email : userName);
        identity.SetClaim(Claims.Email, person.Email);
        identity.SetClaim(TierClaim, person.Tier.ToWire());
        identity.SetClaims(GroupsClaim, [.. await GroupsAsync(personId, await AllowedNamespacesAsync(clientId, ct), ct)]);
        identity.SetScopes(scopes);
        // Only a person's grant that asked for the API scope may call /api/v1 with its access tokens.
        identity.SetResources(identity.HasScope(ApiScope.Name) ? [ApiScope.Audience] : []);
        identity.SetDestinations(claim => Destinations(claim, identity));
        return identity;
    }

    /// <summary>
    /// <c>ns:&lt;name&gt;</c> for every namespace the person belongs to, plus <c>ns:&lt;name&gt;:admin</c> where they administer it: the names a
    /// trusting cluster's group RoleBindings use (<see cref="ProjectionNames"/>).
    /// </summary>
    private async Task<string[]?> AllowedNamespacesAsync(string? clientId, CancellationToken ct) =>
        string.IsNullOrEmpty(clientId) || await applications.FindByClientIdAsync(clientId, ct) is not { } application
            ? null
            : ClientGroups.Read(await applications.GetPropertiesAsync(application, ct));

    /// <summary>The client a token or grant was issued to, as OpenIddict records it.</summary>
    public static string? ClientOf(ClaimsPrincipal principal) =>
        principal.GetPresenters().FirstOrDefault() ?? principal.GetClaim(Claims.ClientId) ?? principal.GetClaim(Claims.AuthorizedParty);

    private async Task<IEnumerable<string>> GroupsAsync(Guid personId, string[]? allowed, CancellationToken ct)
    {
        var rows = await db.EffectiveMemberships().AsNoTracking()
            .Where(m => m.PersonId == personId && m.Namespace!.State == NamespaceState.Active)
            .Select(m => new { m.Namespace!.Name, m.Role })
            .ToListAsync(ct);
        return rows.Where(r => ClientGroups.Receives(allowed, r.Name)).OrderBy(r => r.Name, StringComparer.Ordinal)
            .SelectMany(r => r.Role == MembershipRole.Admin
                ? new[] { ProjectionNames.MembersGroup(r.Name), ProjectionNames.AdminsGroup(r.Name) }
                : [ProjectionNames.MembersGroup(r.Name)]);
    }

    /// <summary>Access tokens carry everything granted; the ID token only what its scopes asked for.</summary>
    private static IEnumerable<string> Destinations(Claim claim, ClaimsIdentity identity)
    {
        var scope = claim.Type switch
        {
            Claims.Subject => Scopes.OpenId,
            Claims.Name or Claims.PreferredUsername or TierClaim => Scopes.Profile,
            Claims.Email => Scopes.Email,
            GroupsClaim => GroupsScope,
            _ => null,
        };
        if (scope is null)
            return [];
        if (scope == Scopes.OpenId || identity.HasScope(scope))
            return [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken];
        return [];
    }

    /// <summary>The userinfo answer for <paramref name="identity"/>: the claims its scopes allow.</summary>
    public static Dictionary<string, object> UserInfo(ClaimsIdentity identity)
    {
        var info = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = identity.GetClaim(Claims.Subject)! };
        if (identity.HasScope(Scopes.Profile))
        {
            info[Claims.Name] = identity.GetClaim(Claims.Name) ?? "";
            info[Claims.PreferredUsername] = identity.GetClaim(Claims.PreferredUsername) ?? "";
            info[TierClaim] = identity.GetClaim(TierClaim) ?? "";
        }
        if (identity.HasScope(Scopes.Email))
            info[Claims.Email] = identity.GetClaim(Claims.Email) ?? "";
        if (identity.HasScope(GroupsScope))
            info[GroupsClaim] = identity.GetClaims(GroupsClaim).ToArray();
        return info;
    }
}
