using Nereid.Server.Api;

namespace Nereid.Server.Tokens;

/// <summary>/api/v1/me/tokens: personal access tokens of the caller.</summary>
internal static class TokensApi
{
    public sealed record CreateBody(string? Name, int? ExpiresInDays);

    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/me/tokens").WithTags("Tokens").RequireAuthorization().SignedInProblems();
        group.MapGet("/", async (HttpContext http, TokenService svc, CancellationToken ct) =>
            TypedResults.Ok(new { items = await svc.ListAsync(http.RequireActor(), ct) }));
        group.MapPost("/", async (CreateBody body, HttpContext http, TokenService svc, CancellationToken ct) =>
        {
            var created = await svc.CreateAsync(http.RequireActor(), body.Name, body.ExpiresInDays, ct);
            return TypedResults.Created($"/api/v1/me/tokens/{created.Token.Id}", created);
        }).Problems(400, 409);
        group.MapDelete("/{id:guid}", async (Guid id, HttpContext http, TokenService svc, CancellationToken ct) =>
        {
            await svc.RevokeAsync(http.RequireActor(), id, ct);
            return TypedResults.NoContent();
        }).Problems(404);
        return api;
    }
}
