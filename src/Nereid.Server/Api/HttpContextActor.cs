using Nereid.Server.Auth;

namespace Nereid.Server.Api;

internal static class HttpContextActor
{
    /// <summary>The signed-in actor or null for anonymous requests.</summary>
    public static Actor? Actor(this HttpContext http) => NereidClaims.ToActor(http.User);

    /// <summary>The signed-in actor; endpoints calling this are behind RequireAuthorization, so null means a wiring bug.</summary>
    public static Actor RequireActor(this HttpContext http) =>
        NereidClaims.ToActor(http.User) ?? throw new InvalidOperationException("Endpoint must require authorization.");
}
