using System.Net.Http.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.ClusterTrust;

/// <summary>
/// GET /api/v1/clusters/{name}/authentication-config and PUT …/trust × every role: only platform admins, who get 404 for
/// a cluster that is not connected (the matrix world has none; the answers with a cluster are in <see cref="ClusterTrustTests"/>).
/// Others are refused before the name is looked up, so they cannot probe cluster names. GET …/trust is a public fact
/// for everyone signed in (guests and the demoted admin included): 404 here.
/// </summary>
public sealed class ClusterTrustAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const Role A = Role.Anonymous, G = Role.Guest, U = Role.User, M = Role.Member, T = Role.TierAdmin,
        N = Role.NamespaceAdmin, O = Role.OtherNamespaceAdmin, P = Role.PlatformAdmin;

    private static Dictionary<Role, int> S(int a, int g, int u, int m, int t, int n, int o, int p) =>
        new() { [A] = a, [G] = g, [U] = u, [M] = m, [T] = t, [N] = n, [O] = o, [P] = p, [Role.Demoted] = g };

    private static readonly Dictionary<string, (Func<HttpClient, Task<HttpResponseMessage>> Send, Dictionary<Role, int> Expected)> Endpoints = new()
    {
        ["GET authentication-config of an unknown cluster"] = (c => c.GetAsync("/api/v1/clusters/no-such-cluster/authentication-config"),
            S(401, 403, 403, 403, 403, 403, 403, 404)),
        ["GET trust of an unknown cluster"] = (c => c.GetAsync("/api/v1/clusters/no-such-cluster/trust"),
            S(401, 404, 404, 404, 404, 404, 404, 404)),
        ["PUT trust of an unknown cluster"] = (c => c.PutAsJsonAsync("/api/v1/clusters/no-such-cluster/trust", new { trustsNereid = true }),
            S(401, 403, 403, 403, 403, 403, 403, 404)),
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
