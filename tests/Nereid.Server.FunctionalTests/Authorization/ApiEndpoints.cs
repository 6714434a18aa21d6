using System.Net.Http.Json;

namespace Nereid.Server.FunctionalTests.Authorization;

/// <summary>One API endpoint of the matrix: how to call it in a scene, and the status each role must get.</summary>
public sealed record ApiEndpoint(string Name, Func<Scene, Role, MatrixWorld, HttpRequestMessage> Request, IReadOnlyDictionary<Role, int> Expected);

/// <summary>Every /api/v1 endpoint, with the expected status for every role.</summary>
public static class ApiEndpoints
{
    private const Role A = Role.Anonymous, G = Role.Guest, U = Role.User, M = Role.Member, T = Role.TierAdmin,
        N = Role.NamespaceAdmin, O = Role.OtherNamespaceAdmin, P = Role.PlatformAdmin, D = Role.Demoted;

    /// <summary>
    /// Statuses in role order: anonymous, guest, user, member, tier admin, namespace admin, other namespace admin, platform admin.
    /// The demoted column is the guest's on every row: effective permission is tier ∩ role, so a demoted namespace admin's
    /// remaining admin rows give them nothing a guest lacks.
    /// </summary>
    private static Dictionary<Role, int> S(int a, int g, int u, int m, int t, int n, int o, int p) =>
        new() { [A] = a, [G] = g, [U] = u, [M] = m, [T] = t, [N] = n, [O] = o, [P] = p, [D] = g };

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);
    private static HttpRequestMessage Send(HttpMethod method, string url, object? body = null) =>
        new(method, url) { Content = body is null ? null : JsonContent.Create(body) };

    private static HttpRequestMessage IfMatch(HttpRequestMessage request, string etag)
    {
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    private static object ValidNamespace(string name) => new
    {
        name, institution = "UC Davis", pis = new[] { "Dr. PI" }, grants = Array.Empty<string>(), software = new[] { "R" },
        description = "Created by the matrix", publications = Array.Empty<string>(),
    };

    public static readonly IReadOnlyList<ApiEndpoint> All =
    [
        new("GET namespaces", (s, r, w) => Get("/api/v1/namespaces"), S(200, 200, 200, 200, 200, 200, 200, 200)),
        new("GET namespace", (s, r, w) => Get($"/api/v1/namespaces/{s.Namespace}"), S(200, 200, 200, 200, 200, 200, 200, 200)),
        new("POST namespace", (s, r, w) => Send(HttpMethod.Post, "/api/v1/namespaces", ValidNamespace("new-" + Guid.NewGuid().ToString("N")[..8])),
            S(401, 403, 403, 403, 201, 201, 201, 201)),
        new("PUT namespace", (s, r, w) => Send(HttpMethod.Put, $"/api/v1/namespaces/{s.Namespace}", ValidNamespace(s.Namespace)),
            S(401, 403, 403, 403, 403, 200, 403, 200)),
        new("DELETE namespace", (s, r, w) => Send(HttpMethod.Delete, $"/api/v1/namespaces/{s.Namespace}"), S(401, 403, 403, 403, 403, 202, 403, 202)),
        new("GET members", (s, r, w) => Get($"/api/v1/namespaces/{s.Namespace}/members"), S(401, 403, 403, 200, 403, 200, 403, 200)),
        new("PUT member", (s, r, w) => Send(HttpMethod.Put, $"/api/v1/namespaces/{s.Namespace}/members/{s.Extra.Email}", new { role = "admin" }),
            S(401, 403, 403, 403, 403, 200, 403, 200)),
        new("DELETE member", (s, r, w) => Send(HttpMethod.Delete, $"/api/v1/namespaces/{s.Namespace}/members/{s.Extra.Email}"),
            S(401, 403, 403, 403, 403, 204, 403, 204)),
        new("GET join requests", (s, r, w) => Get($"/api/v1/namespaces/{s.Namespace}/join-requests"), S(401, 403, 403, 403, 403, 200, 403, 200)),
        new("POST join request", (s, r, w) => Send(HttpMethod.Post, $"/api/v1/namespaces/{s.Namespace}/join-requests", new { message = "hi" }),
            S(401, 403, 201, 409, 201, 409, 201, 201)),
        new("POST approve join", (s, r, w) => Send(HttpMethod.Post, $"/api/v1/namespaces/{s.Namespace}/join-requests/{s.JoinRequestId}/approve", new { reason = "ok" }),
            S(401, 403, 403, 403, 403, 200, 403, 200)),
        new("POST deny join", (s, r, w) => Send(HttpMethod.Post, $"/api/v1/namespaces/{s.Namespace}/join-requests/{s.JoinRequestId}/deny", new { reason = "no" }),
            S(401, 403, 403, 403, 403, 200, 403, 200)),
        new("GET people", (s, r, w) => Get("/api/v1/people"), S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("GET person", (s, r, w) => Get($"/api/v1/people/{s.Extra.Id}"), S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("GET own person", (s, r, w) => Get($"/api/v1/people/{(r == A ? s.Extra.Id : w.People[r].Id)}"), S(401, 200, 200, 200, 200, 200, 200, 200)),
        new("PUT person tier", (s, r, w) => Send(HttpMethod.Put, $"/api/v1/people/{s.Extra.Id}/tier", new { tier = "admin", reason = "x" }),
            S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("POST suspend person", (s, r, w) => Send(HttpMethod.Post, $"/api/v1/people/{s.Extra.Id}/suspend", new { reason = "under review" }),
            S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("POST reinstate person", (s, r, w) => Send(HttpMethod.Post, $"/api/v1/people/{s.Suspended.Id}/reinstate"),
            S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("GET merge preview", (s, r, w) => Get($"/api/v1/people/{s.Extra.Id}/merge?other={s.Requester.Id}"), S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("POST merge people", (s, r, w) => IfMatch(Send(HttpMethod.Post, $"/api/v1/people/{s.Extra.Id}/merge", new { other = s.Requester.Id }), s.MergeETag),
            S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("DELETE person identity", (s, r, w) => Send(HttpMethod.Delete, $"/api/v1/people/{s.Extra.Id}/identities/{s.ExtraIdentityId}"),
            S(401, 403, 403, 403, 403, 403, 403, 204)),
        new("GET me", (s, r, w) => Get("/api/v1/me"), S(401, 200, 200, 200, 200, 200, 200, 200)),
        new("GET my memberships", (s, r, w) => Get("/api/v1/me/memberships"), S(401, 200, 200, 200, 200, 200, 200, 200)),
        new("POST tier request", (s, r, w) => Send(HttpMethod.Post, "/api/v1/tier-requests", new { tier = "admin", reason = "need namespaces" }),
            S(401, 201, 201, 201, 400, 400, 400, 400)),
        new("GET tier requests", (s, r, w) => Get("/api/v1/tier-requests"), S(401, 200, 200, 200, 200, 200, 200, 200)),
        new("POST approve tier", (s, r, w) => Send(HttpMethod.Post, $"/api/v1/tier-requests/{s.TierRequestId}/approve", new { reason = "ok" }),
            S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("POST deny tier", (s, r, w) => Send(HttpMethod.Post, $"/api/v1/tier-requests/{s.TierRequestId}/deny", new { reason = "no" }),
            S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("GET my tokens", (s, r, w) => Get("/api/v1/me/tokens"), S(401, 200, 200, 200, 200, 200, 200, 200)),
        new("POST token", (s, r, w) => Send(HttpMethod.Post, "/api/v1/me/tokens", new { name = "ci", expiresInDays = 7 }), S(401, 201, 201, 201, 201, 201, 201, 201)),
        new("DELETE other's token", (s, r, w) => Send(HttpMethod.Delete, $"/api/v1/me/tokens/{Guid.NewGuid()}"), S(401, 404, 404, 404, 404, 404, 404, 404)),
        new("GET audit", (s, r, w) => Get("/api/v1/audit"), S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("GET namespace audit", (s, r, w) => Get($"/api/v1/audit?namespace={s.Namespace}"), S(401, 403, 403, 403, 403, 200, 403, 200)),
        new("GET audit csv", (s, r, w) => Get("/api/v1/audit?format=csv"), S(401, 403, 403, 403, 403, 403, 403, 200)),
        new("GET namespace audit csv", (s, r, w) => Get($"/api/v1/audit?namespace={s.Namespace}&format=csv"), S(401, 403, 403, 403, 403, 200, 403, 200)),
        new("GET openapi", (s, r, w) => Get("/api/v1/openapi.json"), S(200, 200, 200, 200, 200, 200, 200, 200)),
        new("GET metrics", (s, r, w) => Get("/metrics"), S(200, 200, 200, 200, 200, 200, 200, 200)),
        new("GET healthz", (s, r, w) => Get("/healthz"), S(200, 200, 200, 200, 200, 200, 200, 200)),
        new("GET readyz", (s, r, w) => Get("/readyz"), S(200, 200, 200, 200, 200, 200, 200, 200)),
    ];
}
