namespace Nereid.Server.Provider.ApiAccess;

/// <summary>
/// The scope a client asks for to call <c>/api/v1</c> on a person's behalf, and the audience Nereid's access tokens then
/// carry. Only person grants get the audience (<see cref="PersonClaims"/>), so a client-credentials token never reaches the API.
/// </summary>
internal static class ApiScope
{
    public const string Name = "api";
    public const string Audience = "nereid-api";
}
