namespace Nereid.Server.Provider;

/// <summary>Device authorization (RFC 8628): where devices ask for a code and where a signed-in person enters it.</summary>
internal static class DevicePaths
{
    public const string Authorization = "/connect/device";
    public const string Verification = "/connect/verify";
}

/// <summary>Token revocation (RFC 7009), handled entirely by OpenIddict.</summary>
internal static class RevocationPaths
{
    public const string Revocation = "/connect/revoke";
}

/// <summary>RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0).</summary>
internal static class EndSessionPaths
{
    public const string EndSession = "/connect/endsession";

    /// <summary>Where the upstream provider's logout returns when an end-session request was chained to it (<see cref="EndSessionReturn"/>).</summary>
    public const string Return = "/logout?handler=return";
}
