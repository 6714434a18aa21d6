using Nereid.Server.Provider.ApiAccess;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider.Consent;

/// <summary>What each scope lets a client learn or do, in words for the person asked to allow it.</summary>
internal static class ScopeWords
{
    public static string Describe(string scope) => scope switch
    {
        Scopes.OpenId => "Know it is you: your Nereid account id",
        Scopes.Profile => "Your name, user name and tier",
        Scopes.Email => "Your email address",
        PersonClaims.GroupsScope => "Which namespaces you belong to and which you administer",
        Scopes.OfflineAccess => "Keep access while you are away, until you revoke it here or on your profile",
        ApiScope.Name => "Use Nereid's API as you: anything you can do in the portal",
        _ => scope,
    };
}
