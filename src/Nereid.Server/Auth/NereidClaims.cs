using System.Security.Claims;
using Nereid.Domain.People;

namespace Nereid.Server.Auth;

/// <summary>Claims Nereid puts on an authenticated principal, and reading the <see cref="Actor"/> back from them.</summary>
internal static class NereidClaims
{
    public const string Tier = "nereid:tier";
    public const string Scheme = "nereid";
    public const string CookieScheme = "nereid.session";
    public const string TokenScheme = "nereid.token";

    public static ClaimsPrincipal ToPrincipal(Actor actor, string authenticationType, IEnumerable<Claim>? extra = null) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, actor.PersonId.ToString()),
            new Claim(ClaimTypes.Name, actor.DisplayName),
            new Claim(Tier, actor.Tier.ToWire()),
            .. extra ?? [],
        ], authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    public static Actor? ToActor(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
            return null;
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
            return null;
        if (!TierNames.TryParse(user.FindFirstValue(Tier), out var tier))
            return null;
        return new Actor(id, user.FindFirstValue(ClaimTypes.Name) ?? "", tier);
    }
}
