using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Posix;

/// <summary>Every POSIX identity endpoint × every role of <see cref="MatrixWorld"/>.</summary>
public sealed class PosixAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const Role A = Role.Anonymous, G = Role.Guest, U = Role.User, M = Role.Member, T = Role.TierAdmin,
        N = Role.NamespaceAdmin, O = Role.OtherNamespaceAdmin, P = Role.PlatformAdmin;

    private static Dictionary<Role, int> S(int a, int g, int u, int m, int t, int n, int o, int p) =>
        new() { [A] = a, [G] = g, [U] = u, [M] = m, [T] = t, [N] = n, [O] = o, [P] = p, [Role.Demoted] = g };

    private static readonly Dictionary<string, (Func<Scene, Role, MatrixWorld, string> Url, Dictionary<Role, int> Expected)> Endpoints = new()
    {
        ["GET my posix"] = ((_, _, _) => "/api/v1/me/posix", S(401, 200, 200, 200, 200, 200, 200, 200)),
        ["GET own person posix"] = ((s, r, w) => $"/api/v1/people/{(r == A ? s.Extra.Id : w.People[r].Id)}/posix", S(401, 200, 200, 200, 200, 200, 200, 200)),
        ["GET other person posix"] = ((s, _, _) => $"/api/v1/people/{s.Extra.Id}/posix", S(401, 403, 403, 403, 403, 403, 403, 200)),
        ["GET missing person posix"] = ((_, _, _) => $"/api/v1/people/{Guid.NewGuid()}/posix", S(401, 403, 403, 403, 403, 403, 403, 404)),
        ["GET posix export json"] = ((_, _, _) => "/api/v1/posix/accounts", S(401, 403, 403, 403, 403, 403, 403, 200)),
        ["GET posix export passwd"] = ((_, _, _) => "/api/v1/posix/accounts?format=passwd", S(401, 403, 403, 403, 403, 403, 403, 200)),
        ["GET posix export csv"] = ((_, _, _) => "/api/v1/posix/accounts?format=csv", S(401, 403, 403, 403, 403, 403, 403, 200)),
        ["GET posix export bad format"] = ((_, _, _) => "/api/v1/posix/accounts?format=xml", S(401, 403, 403, 403, 403, 403, 403, 400)),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Endpoints.Keys);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var (url, expected) = Endpoints[endpoint];
        var scene = await world.SceneAsync();

        using var response = await world.Client(role).GetAsync(url(scene, role, world));

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(expected[role], $"{endpoint} as {role}: {body}");
        if ((int)response.StatusCode >= 400 && role != A)
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
