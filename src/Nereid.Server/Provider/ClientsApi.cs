using Nereid.Server.Api;

namespace Nereid.Server.Provider;

/// <summary>/api/v1/oidc-clients: the relying parties of Nereid's provider (platform admins only).</summary>
internal static class ClientsApi
{
    public static RouteGroupBuilder MapProviderClientsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/oidc-clients").WithTags("OpenID clients").RequireAuthorization().SignedInProblems();
        group.MapGet("/", async (HttpContext http, ClientRegistry clients, CancellationToken ct) =>
            TypedResults.Ok(new { items = await clients.ListAsync(http.RequireActor(), ct) })).Problems(403);
        group.MapPost("/", async (ClientInput body, HttpContext http, ClientRegistry clients, CancellationToken ct) =>
        {
            var created = await clients.RegisterAsync(http.RequireActor(), body, ct);
            return TypedResults.Created($"/api/v1/oidc-clients/{Uri.EscapeDataString(created.Client.ClientId)}", created);
        }).Problems(400, 403, 409);
        group.MapPut("/{clientId}", async (string clientId, ClientInput body, HttpContext http, ClientRegistry clients, CancellationToken ct) =>
            TypedResults.Ok(await clients.UpdateAsync(http.RequireActor(), clientId, body, ct))).Problems(400, 403, 404);
        group.MapDelete("/{clientId}", async (string clientId, HttpContext http, ClientRegistry clients, CancellationToken ct) =>
        {
            await clients.DeleteAsync(http.RequireActor(), clientId, ct);
            return TypedResults.NoContent();
        }).Problems(403, 404);
        group.MapPost("/{clientId}/secret", async (string clientId, HttpContext http, ClientRegistry clients, CancellationToken ct) =>
            TypedResults.Ok(await clients.RotateSecretAsync(http.RequireActor(), clientId, ct))).Problems(400, 403, 404);
        group.MapPut("/{clientId}/groups", async (string clientId, ClientGroupsInput body, HttpContext http, ClientRegistry clients, CancellationToken ct) =>
            TypedResults.Ok(await clients.SetGroupsAsync(http.RequireActor(), clientId, body, ct))).Problems(400, 403, 404);
        return api;
    }
}
