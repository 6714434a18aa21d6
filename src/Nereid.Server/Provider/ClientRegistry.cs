using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Nereid.Domain.Errors;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider;

/// <summary>What a platform admin asks for when registering a relying party.</summary>
internal sealed record ClientInput(string? ClientId, string? DisplayName, bool Confidential, string[]? RedirectUris, string[]? Grants, string[]? Scopes,
    string[]? PostLogoutRedirectUris = null, bool ConsentRequired = false, string[]? GroupNamespaces = null);

/// <summary>A registered client as the API shows it (never its secret).</summary>
internal sealed record ClientView(string ClientId, string DisplayName, bool Confidential, string[] RedirectUris, string[] Grants, string[] Scopes,
    string[] PostLogoutRedirectUris, bool ConsentRequired, string[]? GroupNamespaces);

/// <summary>Which namespaces' groups a client receives: null for all of the person's.</summary>
internal sealed record ClientGroupsInput(string[]? Namespaces);

/// <summary>A client with its secret, shown once: at registration and at rotation.</summary>
internal sealed record ClientWithSecret(ClientView Client, string? Secret);

/// <summary>
/// The relying parties platform admins register with Nereid's provider, on OpenIddict's application store: redirect
/// URIs matched exactly, grants and scopes as permissions, secrets hashed by OpenIddict and returned only once.
/// The audit entry is added to the same context the store saves, so both land in one transaction.
/// </summary>
internal sealed class ClientRegistry(IOpenIddictApplicationManager applications, AuditLog audit)
{
    private static readonly string[] KnownGrants = [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials, GrantTypes.DeviceCode];

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
        var descriptor = Validate(input);
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
        var application = await applications.FindByClientIdAsync(clientId, ct)
            ?? throw new NotFoundException($"No client '{clientId}' is registered.");
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
        var application = await applications.FindByClientIdAsync(clientId, ct)
            ?? throw new NotFoundException($"No client '{clientId}' is registered.");
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

    private static void RequirePlatformAdmin(Actor actor)
    {
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins manage OpenID clients.");
    }

    private static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static OpenIddictApplicationDescriptor Validate(ClientInput input)
    {
        var errors = new Dictionary<string, string[]>();
        var clientId = string.IsNullOrWhiteSpace(input.ClientId) ? "nrd-" + Guid.NewGuid().ToString("N")[..12] : input.ClientId.Trim();
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
        ClientGroups.Read(d.Properties));

    private async Task<ClientView> ViewAsync(object application, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, ct);
        return ViewOf(descriptor);
    }
}
