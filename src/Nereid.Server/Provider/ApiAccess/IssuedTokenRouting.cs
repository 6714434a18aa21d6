using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Nereid.Server.ClusterTrust;
using OpenIddict.Server;

namespace Nereid.Server.Provider.ApiAccess;

/// <summary>
/// Tells a JWT Nereid issued from one of an upstream provider by its <c>iss</c>, read without validation: it only picks
/// the scheme that will validate the token, and a forged <c>iss</c> just sends the token to the stricter of the two.
/// </summary>
internal static class IssuedTokenRouting
{
    public static bool IsNereidIssued(HttpContext context, ReadOnlySpan<char> token)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? issuer;
        try
        {
            issuer = new JsonWebToken(token.ToString()).Issuer;
        }
        catch (ArgumentException)
        {
            return false;
        }
        if (string.IsNullOrEmpty(issuer))
            return false;
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        var own = NereidIssuer.Url(options, context.Request);
        return string.Equals(issuer.TrimEnd('/'), own.TrimEnd('/'), StringComparison.Ordinal);
    }
}
