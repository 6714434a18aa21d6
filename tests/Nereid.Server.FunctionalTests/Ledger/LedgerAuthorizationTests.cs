using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Ledger;

/// <summary>GET /api/v1/usage/ledger × every role of <see cref="MatrixWorld"/>.</summary>
public sealed class LedgerAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const Role A = Role.Anonymous, G = Role.Guest, U = Role.User, M = Role.Member, T = Role.TierAdmin,
        N = Role.NamespaceAdmin, O = Role.OtherNamespaceAdmin, P = Role.PlatformAdmin;

    private static Dictionary<Role, int> S(int a, int g, int u, int m, int t, int n, int o, int p) =>
        new() { [A] = a, [G] = g, [U] = u, [M] = m, [T] = t, [N] = n, [O] = o, [P] = p, [Role.Demoted] = g };

    private static readonly Dictionary<string, (Func<Scene, string> Url, Dictionary<Role, int> Expected)> Endpoints = new()
    {
        ["GET ledger of a namespace"] = (s => $"/api/v1/usage/ledger?namespace={s.Namespace}", S(401, 403, 403, 200, 403, 200, 403, 200)),
        ["GET ledger of a namespace csv"] = (s => $"/api/v1/usage/ledger?namespace={s.Namespace}&format=csv", S(401, 403, 403, 200, 403, 200, 403, 200)),
        ["GET ledger grouped"] = (s => $"/api/v1/usage/ledger?namespace={s.Namespace}&groupBy=gpuType,day", S(401, 403, 403, 200, 403, 200, 403, 200)),
        ["GET ledger of my namespaces"] = (_ => "/api/v1/usage/ledger?from=2026-01-01&to=2026-12-31", S(401, 200, 200, 200, 200, 200, 200, 200)),
        ["GET ledger bad groupBy"] = (_ => "/api/v1/usage/ledger?groupBy=colour", S(401, 400, 400, 400, 400, 400, 400, 400)),
        ["GET ledger bad date"] = (_ => "/api/v1/usage/ledger?from=yesterday", S(401, 400, 400, 400, 400, 400, 400, 400)),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Endpoints.Keys);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var (url, expected) = Endpoints[endpoint];
        var scene = await world.SceneAsync();

        using var response = await world.Client(role).GetAsync(url(scene));

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(expected[role], $"{endpoint} as {role}: {body}");
        if ((int)response.StatusCode >= 400 && role != A)
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
