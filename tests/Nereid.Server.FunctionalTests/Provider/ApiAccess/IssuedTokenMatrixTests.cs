using System.Net.Http.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Provider.ApiAccess;

/// <summary>Representative /api/v1 endpoints (a read, a namespace read and write, a platform-admin read) × every role, called with Nereid-issued access tokens.</summary>
public sealed class IssuedTokenMatrixTests(IssuedTokenWorld world) : IClassFixture<IssuedTokenWorld>
{
    private const Role A = Role.Anonymous, G = Role.Guest, U = Role.User, M = Role.Member, T = Role.TierAdmin,
        N = Role.NamespaceAdmin, O = Role.OtherNamespaceAdmin, P = Role.PlatformAdmin;

    // The demoted column is the guest's: the token was issued to a namespace admin, the tier read now is guest.
    private static Dictionary<Role, int> S(int a, int g, int u, int m, int t, int n, int o, int p) =>
        new() { [A] = a, [G] = g, [U] = u, [M] = m, [T] = t, [N] = n, [O] = o, [P] = p, [Role.Demoted] = g };

    private static readonly Dictionary<string, (Func<string, string, HttpRequestMessage> Request, Dictionary<Role, int> Expected)> Endpoints = new()
    {
        ["GET me"] = ((_, _) => new(HttpMethod.Get, "/api/v1/me"), S(401, 200, 200, 200, 200, 200, 200, 200)),
        ["GET members"] = ((ns, _) => new(HttpMethod.Get, $"/api/v1/namespaces/{ns}/members"), S(401, 403, 403, 200, 403, 200, 403, 200)),
        ["PUT member"] = ((ns, extra) => new(HttpMethod.Put, $"/api/v1/namespaces/{ns}/members/{extra}") { Content = JsonContent.Create(new { role = "admin" }) },
            S(401, 403, 403, 403, 403, 200, 403, 200)),
        ["GET people"] = ((_, _) => new(HttpMethod.Get, "/api/v1/people"), S(401, 403, 403, 403, 403, 403, 403, 200)),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Endpoints.Keys);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var (request, expected) = Endpoints[endpoint];
        var (ns, extra) = await world.SceneAsync();

        using var message = request(ns, extra.Email);
        using var response = await world.Client(role).SendAsync(message);

        ((int)response.StatusCode).ShouldBe(expected[role], $"{endpoint} as {role}: {await response.Content.ReadAsStringAsync()}");
    }
}
