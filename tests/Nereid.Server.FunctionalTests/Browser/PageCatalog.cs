using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Browser;

/// <summary>
/// Every Razor page the server maps, read from its endpoint table, and how the browser suite visits it. A page added to the
/// portal without an entry here fails <c>PageCatalog_EveryPageRoute_HasAnEntry</c>, so it cannot be forgotten.
/// </summary>
public static partial class PageCatalog
{
    /// <summary>Every page route and the query string it is visited with (most need none; the entry is what counts).</summary>
    private static readonly Dictionary<string, string> Queries = new(StringComparer.Ordinal)
    {
        ["/"] = "",
        ["/account/edit"] = "",
        ["/account/password"] = "",
        ["/account/withdraw-tier-request"] = "",
        ["/admin/institutions"] = "",
        // The OpenID clients with their group settings (PortalWorld registers a consent-required one).
        ["/admin/oidc-clients"] = "",
        ["/admin/people"] = "",
        // Without a person to merge the page says whom to pick first.
        ["/admin/people/merge"] = "",
        ["/admin/session-images"] = "",
        // Without a registered Slurm cluster the page says how to register one.
        ["/admin/slurm"] = "",
        ["/audit"] = "",
        ["/clusters"] = "",
        ["/config"] = "",
        // Without a token the page says the link is not valid: that message is what people who mistype it meet.
        ["/confirm-email"] = "",
        // GET only asks to confirm signing out; with no registered post-logout address nothing redirects.
        ["/connect/endsession"] = "",
        // A consent-required client's authorization request (PortalConsent): the client's name and its scopes in words.
        ["/connect/consent"] = PortalConsent.Query,
        // The device-flow page where a signed-in person types the code a device shows.
        ["/connect/verify"] = "",
        ["/denied"] = "",
        ["/error"] = "",
        ["/forgot-password"] = "",
        ["/home"] = "",
        ["/login"] = "",
        // With no external sign-in under way it sends the visitor back to /login with the reason.
        ["/login/external"] = "",
        // GET only shows the sign-out button.
        ["/logout"] = "",
        ["/manage"] = "",
        ["/manage/create"] = "",
        ["/manage/{name}/delete"] = "",
        ["/manage/{name}/edit"] = "",
        ["/manage/{name}/members"] = "",
        ["/manage/{name}/quota"] = "",
        ["/meshes"] = "",
        ["/namespaces/{name}"] = "",
        ["/namespaces/{name}/federation"] = "",
        ["/notices"] = "",
        ["/profile"] = "",
        ["/register"] = "",
        ["/reset-password"] = "",
        ["/resources"] = "",
        ["/sessions"] = "",
        ["/storage"] = "",
        ["/usage"] = "",
        ["/usage/{namespace}"] = "",
        ["/violations"] = "",
        ["/violations/exceptions"] = "",
        ["/violations/requests"] = "",
        ["/violations/{id:guid}"] = "",
    };

    /// <summary>The route pattern of every Razor page endpoint, as the server maps it.</summary>
    public static IReadOnlyList<string> PageRoutes(NereidAppFactory app) =>
        [.. app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Page routes with no entry in this catalog (must be empty).</summary>
    public static IReadOnlyList<string> Missing(NereidAppFactory app) => [.. PageRoutes(app).Where(r => !Queries.ContainsKey(r))];

    /// <summary>Entries for routes the server no longer maps (must be empty, so the catalog stays true).</summary>
    public static IReadOnlyList<string> Stale(NereidAppFactory app)
    {
        var routes = PageRoutes(app).ToHashSet(StringComparer.Ordinal);
        return [.. Queries.Keys.Where(k => !routes.Contains(k))];
    }

    /// <summary>(name for screenshots and messages, URL) of every page, route parameters filled from <paramref name="values"/>.</summary>
    public static IReadOnlyList<(string Name, string Url)> Visits(NereidAppFactory app, IReadOnlyDictionary<string, string> values) =>
        [.. PageRoutes(app).Where(Queries.ContainsKey).Where(Selected).Select(route =>
        {
            var path = Parameter().Replace(route, m => Uri.EscapeDataString(values[m.Groups["name"].Value]));
            var name = route == "/" ? "overview" : Parameter().Replace(route, m => m.Groups["name"].Value).Trim('/').Replace('/', '_');
            return (name, path + Queries[route]);
        })];

    /// <summary>Environment variable naming the only routes to visit (comma-separated patterns), for checking a fix quickly.</summary>
    public const string OnlyVariable = "NEREID_BROWSER_PAGES";

    private static bool Selected(string route) =>
        Environment.GetEnvironmentVariable(OnlyVariable) is not { Length: > 0 } only || only.Split(',').Contains(route, StringComparer.Ordinal);

    [GeneratedRegex(@"\{(?<name>[^:}=?]+)[^}]*\}")]
    private static partial Regex Parameter();
}
