using System.Net.Http.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>Every /api/v1/oidc-clients endpoint × every role: only platform admins manage clients.</summary>
public sealed class ClientsApiAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const Role A = Role.Anonymous, G = Role.Guest, U = Role.User, M = Role.Member, T = Role.TierAdmin,
        N = Role.NamespaceAdmin, O = Role.OtherNamespaceAdmin, P = Role.PlatformAdmin;

    private static Dictionary<Role, int> S(int a, int g, int u, int m, int t, int n, int o, int p) =>
        new() { [A] = a, [G] = g, [U] = u, [M] = m, [T] = t, [N] = n, [O] = o, [P] = p, [Role.Demoted] = g };

    private static readonly Dictionary<string, (Func<HttpClient, Task<HttpResponseMessage>> Send, Dictionary<Role, int> Expected)> Endpoints = new()
    {
        ["GET clients"] = (c => c.GetAsync("/api/v1/oidc-clients"), S(401, 403, 403, 403, 403, 403, 403, 200)),
        ["POST client"] = (c => c.PostAsJsonAsync("/api/v1/oidc-clients", new
        {
            displayName = "Matrix app",
            confidential = true,
            redirectUris = new[] { "https://matrix.example.edu/cb" },
            grants = new[] { "authorization_code", "refresh_token" },
            scopes = new[] { "openid", "profile" },
        }), S(401, 403, 403, 403, 403, 403, 403, 201)),
        ["PUT groups of missing client"] = (c => c.PutAsJsonAsync("/api/v1/oidc-clients/no-such-client/groups", new { namespaces = new[] { "lab-a" } }),
            S(401, 403, 403, 403, 403, 403, 403, 404)),
        ["PUT missing client"] = (c => c.PutAsJsonAsync("/api/v1/oidc-clients/no-such-client", new
        {
            displayName = "Matrix app", confidential = false, redirectUris = new[] { "https://matrix.example.edu/cb" },
            grants = new[] { "authorization_code" }, scopes = new[] { "openid" },
        }), S(401, 403, 403, 403, 403, 403, 403, 404)),
        ["DELETE missing client"] = (c => c.DeleteAsync("/api/v1/oidc-clients/no-such-client"), S(401, 403, 403, 403, 403, 403, 403, 404)),
        ["POST rotate missing client secret"] = (c => c.PostAsync("/api/v1/oidc-clients/no-such-client/secret", null), S(401, 403, 403, 403, 403, 403, 403, 404)),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Endpoints.Keys);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var (send, expected) = Endpoints[endpoint];

        using var response = await send(world.Client(role));

        ((int)response.StatusCode).ShouldBe(expected[role], $"{endpoint} as {role}: {await response.Content.ReadAsStringAsync()}");
    }
}
