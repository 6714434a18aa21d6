namespace Nereid.TestSupport.Oidc;

/// <summary>Settings for <see cref="OidcProviderServer"/>.</summary>
public sealed class OidcProviderServerOptions
{
    /// <summary>Lifetime of ID tokens. Default 5 minutes.</summary>
    public TimeSpan IdTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of access tokens. Default 5 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Callback paths registered for the portal client, on any loopback port. Default <c>/signin-oidc</c>.</summary>
    public IReadOnlyList<string> PortalCallbackPaths { get; init; } = ["/signin-oidc"];

    /// <summary>Initial accounts: account id (the <c>sub</c>) → claims. Default: <c>alice</c> and <c>bob</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Accounts { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["alice"] = new Dictionary<string, string>
            {
                ["email"] = "alice@ucsd.edu", ["name"] = "Alice Anders", ["given_name"] = "Alice", ["family_name"] = "Anders",
                ["idp"] = "urn:mace:incommon:ucsd.edu", ["idp_name"] = "UC San Diego", ["affiliation"] = "faculty@ucsd.edu",
            },
            ["bob"] = new Dictionary<string, string>
            {
                ["email"] = "bob@unl.edu", ["given_name"] = "Bob", ["family_name"] = "Baker",
                ["idp"] = "urn:mace:incommon:unl.edu", ["idp_name"] = "University of Nebraska", ["eppn"] = "bob@unl.edu",
            },
        };
}
