using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Slurm;

/// <summary>
/// GET /api/v1/slurm-clusters and /api/v1/slurm-clusters/{name} × every role of <see cref="MatrixWorld"/>: platform admins only;
/// GET /api/v1/namespaces/{name}/slurm: anyone signed in (like the namespace page), 404 for an unknown namespace.
/// </summary>
public sealed class SlurmClusterAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const Role A = Role.Anonymous, G = Role.Guest, U = Role.User, M = Role.Member, T = Role.TierAdmin,
        N = Role.NamespaceAdmin, O = Role.OtherNamespaceAdmin, P = Role.PlatformAdmin;

    private static Dictionary<Role, int> S(int a, int g, int u, int m, int t, int n, int o, int p, int demoted) =>
        new() { [A] = a, [G] = g, [U] = u, [M] = m, [T] = t, [N] = n, [O] = o, [P] = p, [Role.Demoted] = demoted };

    // The matrix world registers no Slurm cluster: the list is empty and any name is unknown, to a platform admin.
    private static readonly Dictionary<string, (string Url, Dictionary<Role, int> Expected)> Endpoints = new()
    {
        ["GET slurm clusters"] = ("/api/v1/slurm-clusters", S(401, 403, 403, 403, 403, 403, 403, 200, 403)),
        ["GET slurm cluster unknown"] = ("/api/v1/slurm-clusters/nowhere", S(401, 403, 403, 403, 403, 403, 403, 404, 403)),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Endpoints.Keys);

    public static TheoryData<string, Role> NamespaceCells() => RoleMatrix.Cells(["GET namespace slurm", "GET unknown namespace slurm"]);

    [Theory]
    [MemberData(nameof(NamespaceCells))]
    public async Task NamespaceSlurm_Role_SignedInReadsUnknownIs404(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();
        var unknown = endpoint.Contains("unknown", StringComparison.Ordinal);

        using var response = await world.Client(role).GetAsync($"/api/v1/namespaces/{(unknown ? "nowhere-" + scene.Namespace : scene.Namespace)}/slurm");

        var body = await response.Content.ReadAsStringAsync();
        var expected = role == A ? 401 : unknown ? 404 : 200;
        ((int)response.StatusCode).ShouldBe(expected, $"{endpoint} as {role}: {body}");
        if (expected == 200)
            // The matrix world registers no Slurm cluster: the namespace is placed on none.
            body.ShouldBe("{\"items\":[]}");
        else if (role != A)
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var (url, expected) = Endpoints[endpoint];

        using var response = await world.Client(role).GetAsync(url);

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(expected[role], $"{endpoint} as {role}: {body}");
        if ((int)response.StatusCode >= 400 && role != A)
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
