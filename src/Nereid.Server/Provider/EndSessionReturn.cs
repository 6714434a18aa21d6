using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Nereid.Server.Provider;

/// <summary>
/// RP-initiated logout chained upstream: when the session came from a provider that can end its own session, the
/// browser goes there first and comes back to <see cref="EndSessionPaths.Return"/>, which continues to the client's
/// <c>post_logout_redirect_uri</c> (with its <c>state</c>). The end-session request does not survive that round trip, so
/// the URI OpenIddict already validated travels in a value protected with Data Protection (tamper-evident and
/// time-limited): the return never redirects to a URL that did not pass end-session validation (no open redirect).
/// </summary>
internal sealed class EndSessionReturn(IDataProtectionProvider protection)
{
    /// <summary>How long the upstream provider's logout may take before the return is refused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Name of the query parameter that carries the protected value.</summary>
    public const string Parameter = "r";

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("Nereid.Provider.EndSessionReturn").ToTimeLimitedDataProtector();

    /// <summary>
    /// The local path the upstream sign-out returns to: carries <paramref name="postLogoutRedirectUri"/> (validated by
    /// OpenIddict for this end-session request) with <paramref name="state"/> appended as OpenIddict would, or nothing
    /// when the client gave no URI (Nereid's signed-out message then).
    /// </summary>
    public string PathFor(string? postLogoutRedirectUri, string? state)
    {
        var target = string.IsNullOrEmpty(postLogoutRedirectUri) ? ""
            : string.IsNullOrEmpty(state) ? postLogoutRedirectUri
            : QueryHelpers.AddQueryString(postLogoutRedirectUri, "state", state);
        return QueryHelpers.AddQueryString(EndSessionPaths.Return, Parameter, _protector.Protect(target, Lifetime));
    }

    /// <summary>Reads a value made by <see cref="PathFor"/>: true with the target ("" for none), false when it was altered, forged or expired.</summary>
    public bool TryRead(string? value, out string target)
    {
        target = "";
        if (string.IsNullOrEmpty(value))
            return false;
        try
        {
            target = _protector.Unprotect(value);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
