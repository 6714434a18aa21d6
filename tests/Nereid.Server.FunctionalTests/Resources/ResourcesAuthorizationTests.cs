using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>Every resources/usage endpoint × every role of <see cref="MatrixWorld"/> (no cluster connected: empty answers, same rights).</summary>
public sealed class ResourcesAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const Role A = Role.Anonymous, G = Role.Guest, U = Role.User, M = Role.Member, T = Role.TierAdmin,
        N = Role.NamespaceAdmin, O = Role.OtherNamespaceAdmin, P = Role.PlatformAdmin, D = Role.Demoted;

    // The demoted column is the guest's: a demoted namespace admin's dormant rows give nothing (tier ∩ role).
    private static Dictionary<Role, int> S(int a, int g, int u, int m, int t, int n, int o, int p) =>
        new() { [A] = a, [G] = g, [U] = u, [M] = m, [T] = t, [N] = n, [O] = o, [P] = p, [D] = g };

    private static readonly Dictionary<string, (Func<Scene, string> Url, Dictionary<Role, int> Expected)> Endpoints = new()
    {
        ["GET resources nodes"] = (_ => "/api/v1/resources/nodes?freeForMe=true", S(401, 403, 200, 200, 200, 200, 200, 200)),
        ["GET resources nodes by type and region"] = (_ => "/api/v1/resources/nodes?gpuType=NVIDIA-L40&region=unknown", S(401, 403, 200, 200, 200, 200, 200, 200)),
        ["GET resources summary"] = (_ => "/api/v1/resources/summary", S(401, 403, 200, 200, 200, 200, 200, 200)),
        ["GET namespace usage"] = (s => $"/api/v1/namespaces/{s.Namespace}/usage", S(401, 403, 403, 200, 403, 200, 403, 200)),
        ["GET missing namespace usage"] = (_ => "/api/v1/namespaces/no-such-ns/usage", S(401, 404, 404, 404, 404, 404, 404, 404)),
        ["GET usage series"] = (s => $"/api/v1/usage/namespaces/{s.Namespace}?step=1h", S(401, 403, 403, 200, 403, 200, 403, 200)),
        ["GET institution usage"] = (_ => "/api/v1/usage/institutions/UC%20San%20Diego", S(401, 403, 403, 403, 403, 200, 200, 200)),
        ["GET other institution usage"] = (_ => "/api/v1/usage/institutions/Elsewhere", S(401, 403, 403, 403, 403, 403, 403, 200)),
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
        if (response.IsSuccessStatusCode && endpoint.StartsWith("GET resources", StringComparison.Ordinal))
            body.ShouldContain("\"clusters\":0");
    }
}
