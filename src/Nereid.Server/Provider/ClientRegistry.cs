using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Nereid.Domain.Errors;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider;

/// <summary>What a platform admin asks for when registering a relying party.</summary>
/// <remarks><see cref="AccessTokenLifetimeMinutes"/>: null for the provider's <c>AccessTokenLifetime</c>.</remarks>
internal sealed record ClientInput(string? ClientId, string? DisplayName, bool Confidential, string[]? RedirectUris, string[]? Grants, string[]? Scopes,
    string[]? PostLogoutRedirectUris = null, bool ConsentRequired = false, string[]? GroupNamespaces = null, int? AccessTokenLifetimeMinutes = null);

/// <summary>A registered client as the API shows it (never its secret).</summary>
internal sealed record ClientView(string ClientId, string DisplayName, bool Confidential, string[] RedirectUris, string[] Grants, string[] Scopes,
    string[] PostLogoutRedirectUris, bool ConsentRequired, string[]? GroupNamespaces, int? AccessTokenLifetimeMinutes);

/// <summary>Which namespaces' groups a client receives: null for all of the person's.</summary>
internal sealed record ClientGroupsInput(string[]? Namespaces);

/// <summary>A client with its secret, shown once: at registration and at rotation.</summary>
internal sealed record ClientWithSecret(ClientView Client, string? Secret);

/// <summary>
/// The relying parties platform admins register with Nereid's provider, on OpenIddict's application store: redirect
/// URIs matched exactly, grants and scopes as permissions, secrets hashed by OpenIddict and returned only once.
/// The audit entry is added to the same context the store saves, so both land in one transaction.
/// </summary>
internal sealed class ClientRegistry(IOpenIddictApplicationManager applications, AuditLog audit, IOptions<ProviderOptions> options)
{
    public static readonly string[] KnownGrants = [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials, GrantTypes.DeviceCode];

    /// <summary>The shortest access-token lifetime a client may have (the longest is the provider's longest token lifetime).</summary>
    public static readonly TimeSpan MinAccessTokenLifetime = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<ClientView>> ListAsync(Actor actor, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var views = new List<ClientView>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, ct))
            views.Add(await ViewAsync(application, ct));
        return [.. views.OrderBy(v => v.ClientId, StringComparer.Ordinal)];
    }

    public async Task<ClientWithSecret> RegisterAsync(Actor actor, ClientInput input, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var descriptor = Validate(input, input.ClientId);
        if (await applications.FindByClientIdAsync(descriptor.ClientId!, ct) is not null)
            throw new ConflictException($"A client '{descriptor.ClientId}' is already registered.");
        var secret = input.Confidential ? NewSecret() : null;
        descriptor.ClientSecret = secret;
        var view = ViewOf(descriptor);
        audit.Record(actor, "provider.client.register", "oidc-client", view.ClientId, null, after: view);
        await applications.CreateAsync(descriptor, ct);
        return new ClientWithSecret(view, secret);
    }

    public async Task<ClientWithSecret> RotateSecretAsync(Actor actor, string clientId, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var application = await FindAsync(clientId, ct);
        if (!await applications.HasClientTypeAsync(application, ClientTypes.Confidential, ct))
            throw ValidationFailedException.For("clientId", "A public client has no secret to rotate.");
        var secret = NewSecret();
        audit.Record(actor, "provider.client.rotate-secret", "oidc-client", clientId, null);
        // The old secret stops working at once: the client must be given the new one.
        await applications.UpdateAsync(application, secret, ct);
        return new ClientWithSecret(await ViewAsync(application, ct), secret);
    }

    /// <summary>Restricts the client's <c>groups</c> claim to the listed namespaces, or (null) gives it all; audited, effective at the client's next token or userinfo call.</summary>
    public async Task<ClientView> SetGroupsAsync(Actor actor, string clientId, ClientGroupsInput input, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var application = await FindAsync(clientId, ct);
        var errors = new Dictionary<string, string[]>();
        var namespaces = ClientGroups.Normalize(input.Namespaces, "namespaces", errors);
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, ct);
        var before = ClientGroups.Read(descriptor.Properties);
        ClientGroups.Write(descriptor, namespaces);
        audit.Record(actor, "provider.client.groups", "oidc-client", clientId, null,
            before: new { groupNamespaces = before }, after: new { groupNamespaces = namespaces });
        await applications.UpdateAsync(application, descriptor, ct);
        return ViewOf(descriptor);
    }

    /// <summary>
    /// Replaces what the client may do (name, redirect URIs, grants, scopes, consent, token lifetime, groups) with
    /// <paramref name="input"/>, validated as at registration; its id, type and secret stay. Audited with before and after.
    /// </summary>
    public async Task<ClientView> UpdateAsync(Actor actor, string clientId, ClientInput input, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var application = await FindAsync(clientId, ct);
        var current = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(current, application, ct);
        var descriptor = Validate(input, clientId);
        if (descriptor.ClientType != current.ClientType)
            throw ValidationFailedException.For("confidential", "A client's type cannot change (a public client has no secret to give); register a new client instead.");
        // The stored (hashed) secret as read: OpenIddict sees it unchanged and keeps it.
        descriptor.ClientSecret = current.ClientSecret;
        var before = ViewOf(current);
        var after = ViewOf(descriptor);
        audit.Record(actor, "provider.client.update", "oidc-client", clientId, null, before: before, after: after);
        await applications.UpdateAsync(application, descriptor, ct);
        return after;
    }

    /// <summary>Removes the client with its authorizations and tokens (OpenIddict's store deletes them together); audited.</summary>
    public async Task DeleteAsync(Actor actor, string clientId, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var application = await FindAsync(clientId, ct);
        audit.Record(actor, "provider.client.delete", "oidc-client", clientId, null, before: await ViewAsync(application, ct));
        await applications.DeleteAsync(application, ct);
    }

    private async Task<object> FindAsync(string clientId, CancellationToken ct) =>
        await applications.FindByClientIdAsync(clientId, ct) ?? throw new NotFoundException($"No client '{clientId}' is registered.");

    private static void RequirePlatformAdmin(Actor actor)
    {
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins manage OpenID clients.");
    }

    private static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private OpenIddictApplicationDescriptor Validate(ClientInput input, string? requestedId)
    {
        var errors = new Dictionary<string, string[]>();
        var clientId = string.IsNullOrWhiteSpace(requestedId) ? "nrd-" + Guid.NewGuid().ToString("N")[..12] : requestedId.Trim();
        if (clientId.Length > 100 || !clientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            errors["clientId"] = ["Use at most 100 letters, digits, '-', '_' or '.'."];
        var grants = (input.Grants ?? []).Distinct(StringComparer.Ordinal).ToArray();
        if (grants.Length == 0 || grants.Any(g => !KnownGrants.Contains(g)))
            errors["grants"] = [$"Name one or more of {string.Join(", ", KnownGrants)}."];
        else if (!input.Confidential && grants.Contains(GrantTypes.ClientCredentials))
            errors["grants"] = ["A public client cannot use client_credentials: it has no secret."];
        var scopes = (input.Scopes ?? []).Distinct(StringComparer.Ordinal).ToArray();
        if (scopes.Any(s => !PersonClaims.SupportedScopes.Contains(s)))
            errors["scopes"] = [$"Known scopes are {string.Join(", ", PersonClaims.SupportedScopes)}."];
        var redirects = RedirectUris(input.RedirectUris, "redirectUris", errors);
        var postLogoutRedirects = RedirectUris(input.PostLogoutRedirectUris, "postLogoutRedirectUris", errors);
        var groupNamespaces = ClientGroups.Normalize(input.GroupNamespaces, "groupNamespaces", errors);
        if (grants.Contains(GrantTypes.AuthorizationCode) && redirects.Count == 0 && !errors.ContainsKey("redirectUris"))
            errors["redirectUris"] = ["The authorization_code grant needs at least one redirect URI."];
        // Keys stay published for the longest configured token lifetime, so no client's token may outlive that.
        var longest = options.Value.LongestTokenLifetime;
        var lifetime = input.AccessTokenLifetimeMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        if (lifetime < MinAccessTokenLifetime || lifetime > longest)
            errors["accessTokenLifetimeMinutes"] = [$"Give between {MinAccessTokenLifetime.TotalMinutes:0} minute and {longest.TotalMinutes:0} minutes, or none for the default ({options.Value.AccessTokenLifetime.TotalMinutes:0} minutes)."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? clientId : input.DisplayName.Trim(),
            ClientType = input.Confidential ? ClientTypes.Confidential : ClientTypes.Public,
            // A consent-required client sends each person to /connect/consent once per set of scopes; others are pre-approved.
            ConsentType = input.ConsentRequired ? ConsentTypes.Explicit : ConsentTypes.Implicit,
        };
        ClientGroups.Write(descriptor, groupNamespaces);
        descriptor.SetAccessTokenLifetime(lifetime);
        if (input.ConsentRequired)
            descriptor.Properties[Consent.ConsentService.RequiredProperty] = System.Text.Json.JsonSerializer.SerializeToElement(true);
        descriptor.RedirectUris.UnionWith(redirects);
        descriptor.PostLogoutRedirectUris.UnionWith(postLogoutRedirects);
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        // Every client may give back what it holds (RFC 7009); OpenIddict checks the token was issued to it.
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
        if (postLogoutRedirects.Count > 0)
            descriptor.Permissions.Add(Permissions.Endpoints.EndSession);
        if (grants.Contains(GrantTypes.DeviceCode))
            descriptor.Permissions.Add(Permissions.Endpoints.DeviceAuthorization);
        foreach (var grant in grants)
            descriptor.Permissions.Add(Permissions.Prefixes.GrantType + grant);
        if (grants.Contains(GrantTypes.AuthorizationCode))
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Authorization);
            descriptor.Permissions.Add(Permissions.ResponseTypes.Code);
        }
        foreach (var scope in scopes.Where(s => s is not (Scopes.OpenId or Scopes.OfflineAccess)))
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        return descriptor;
    }

    /// <summary>Redirect URIs as registered: absolute, no fragment, https (plain http only on loopback); matched exactly later.</summary>
    private static List<Uri> RedirectUris(string[]? texts, string field, Dictionary<string, string[]> errors)
    {
        var uris = new List<Uri>();
        foreach (var text in texts ?? [])
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.OriginalString != text || !string.IsNullOrEmpty(uri.Fragment)
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                errors[field] = [$"'{text}' is not an absolute https URI without fragment (plain http only on loopback)."];
            else
                uris.Add(uri);
        }
        return uris;
    }

    private static ClientView ViewOf(OpenIddictApplicationDescriptor d) => new(
        d.ClientId!, d.DisplayName ?? d.ClientId!, d.ClientType == ClientTypes.Confidential,
        [.. d.RedirectUris.Select(u => u.OriginalString).Order(StringComparer.Ordinal)],
        [.. d.Permissions.Where(p => p.StartsWith(Permissions.Prefixes.GrantType, StringComparison.Ordinal)).Select(p => p[Permissions.Prefixes.GrantType.Length..]).Order(StringComparer.Ordinal)],
        [.. d.Permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal)).Select(p => p[Permissions.Prefixes.Scope.Length..]).Order(StringComparer.Ordinal)],
        [.. d.PostLogoutRedirectUris.Select(u => u.OriginalString).Order(StringComparer.Ordinal)],
        d.Properties.ContainsKey(Consent.ConsentService.RequiredProperty),
        ClientGroups.Read(d.Properties),
        d.Settings.TryGetValue(Settings.TokenLifetimes.AccessToken, out var lifetime)
            ? (int)TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture).TotalMinutes : null);

    private async Task<ClientView> ViewAsync(object application, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, ct);
        return ViewOf(descriptor);
    }
}
