
namespace Nereid.Server.Meshes;

/// <summary>
/// <c>GET /psconfig/{mesh}.json</c>: the pSConfig documents at stable public URLs for perfSONAR agents to poll, with a
/// strong ETag; <c>If-None-Match</c> with the current one gives 304 and no body.
/// </summary>
internal static class MeshesEndpoints
{
    /// <summary>The URL path of mesh <paramref name="kind"/>.</summary>
    public static string PathOf(MeshKind kind) => $"/psconfig/{PsConfigBuilder.Word(kind)}.json";

    /// <summary>Maps the document route (anonymous: agents carry no credentials, and the documents hold no secrets).</summary>
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/psconfig/{mesh}.json", (string mesh, HttpContext http, MeshDocuments documents) =>
        {
            if (MeshDocuments.Parse(mesh) is not { } kind)
            {
                return Results.NotFound();
            }
            var doc = documents.Get(kind);
            http.Response.Headers.ETag = doc.ETag;
            http.Response.Headers.CacheControl = "no-cache";
            if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == doc.ETag || t.Trim() == "*")))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
            return Results.Bytes(doc.Json, "application/json");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
