using Nereid.Server.Api;
using Nereid.Server.Auth;

namespace Nereid.Server.Namespaces;

/// <summary>A view of one namespace setting, versioned by the namespace (its ETag).</summary>
internal interface INamespaceSettingView
{
    /// <summary>The namespace's version.</summary>
    int Version { get; }
}

/// <summary>
/// GET and PUT of <c>/namespaces/{name}/&lt;setting&gt;</c> as every namespace setting maps them: GET for anyone with the
/// namespace's ETag; PUT signed in, If-Match honoured, 400/404/412 declared.
/// </summary>
internal static class NamespaceSettingRoutes
{
    /// <summary>Maps the two routes of <paramref name="setting"/> onto <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapNamespaceSetting<TService, TInput, TView>(this RouteGroupBuilder api, string setting,
        Func<TService, Actor?, string, CancellationToken, Task<TView>> get, Func<TService, Actor, string, TInput, int?, CancellationToken, Task<TView>> set)
        where TService : notnull
        where TView : INamespaceSettingView
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet($"/namespaces/{{name}}/{setting}", async (string name, HttpContext http, TService svc, CancellationToken ct) =>
        {
            var view = await get(svc, http.Actor(), name, ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).AllowAnonymous().WithTags("Namespaces").Problems(404);
        api.MapPut($"/namespaces/{{name}}/{setting}", async (string name, TInput body, HttpContext http, TService svc, CancellationToken ct) =>
        {
            var view = await set(svc, http.RequireActor(), name, body, ETags.ParseIfMatch(http.Request), ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).RequireAuthorization().WithTags("Namespaces").SignedInProblems().Problems(400, 404, 412);
        return api;
    }
}
