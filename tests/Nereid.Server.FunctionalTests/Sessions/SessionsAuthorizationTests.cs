using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.Sessions;

namespace Nereid.Server.FunctionalTests.Sessions;

/// <summary>Every /api/v1/sessions endpoint × every role of <see cref="MatrixWorld"/> (no cluster connected).</summary>
public sealed class SessionsAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const Role A = Role.Anonymous, G = Role.Guest, U = Role.User, M = Role.Member, T = Role.TierAdmin,
        N = Role.NamespaceAdmin, O = Role.OtherNamespaceAdmin, P = Role.PlatformAdmin;

    private static Dictionary<Role, int> S(int a, int g, int u, int m, int t, int n, int o, int p) =>
        new() { [A] = a, [G] = g, [U] = u, [M] = m, [T] = t, [N] = n, [O] = o, [P] = p, [Role.Demoted] = g };

    private static object Body(string name) => new { name, image = "quay.io/jupyter/scipy-notebook:2024-12-02", description = "SciPy", needsGpu = false };

    private static readonly Dictionary<string, (Func<string, HttpRequestMessage> Request, Dictionary<Role, int> Expected)> Endpoints = new()
    {
        ["GET sessions"] = (_ => new(HttpMethod.Get, "/api/v1/sessions"), S(401, 200, 200, 200, 200, 200, 200, 200)),
        // No hub is configured in the matrix world: nothing to stop for anyone signed in.
        ["DELETE session"] = (_ => new(HttpMethod.Delete, "/api/v1/sessions/servers/member1?server=lab"), S(401, 404, 404, 404, 404, 404, 404, 404)),
        ["GET options"] = (_ => new(HttpMethod.Get, "/api/v1/sessions/options"), S(401, 200, 200, 200, 200, 200, 200, 200)),
        ["GET images"] = (_ => new(HttpMethod.Get, "/api/v1/sessions/images"), S(401, 200, 200, 200, 200, 200, 200, 200)),
        ["POST image"] = (n => new(HttpMethod.Post, "/api/v1/sessions/images") { Content = JsonContent.Create(Body("new-" + n)) }, S(401, 403, 403, 403, 403, 403, 403, 201)),
        ["PUT image"] = (n => new(HttpMethod.Put, $"/api/v1/sessions/images/{n}") { Content = JsonContent.Create(Body(n)) }, S(401, 403, 403, 403, 403, 403, 403, 200)),
        ["PUT missing image"] = (_ => new(HttpMethod.Put, "/api/v1/sessions/images/no-such-image") { Content = JsonContent.Create(Body("no-such-image")) },
            S(401, 403, 403, 403, 403, 403, 403, 404)),
        ["DELETE image"] = (n => new(HttpMethod.Delete, $"/api/v1/sessions/images/{n}"), S(401, 403, 403, 403, 403, 403, 403, 204)),
        ["DELETE missing image"] = (_ => new(HttpMethod.Delete, "/api/v1/sessions/images/no-such-image"), S(401, 403, 403, 403, 403, 403, 403, 404)),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Endpoints.Keys);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var (request, expected) = Endpoints[endpoint];
        var name = "img-" + Guid.NewGuid().ToString("N")[..8];
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SessionImageService>()
                .CreateAsync(MatrixWorld.ActorOf(world.People[P]), new SessionImageInput(name, "quay.io/jupyter/minimal-notebook:latest", "", false), default);
        }

        using var message = request(name);
        using var response = await world.Client(role).SendAsync(message);

        ((int)response.StatusCode).ShouldBe(expected[role], $"{endpoint} as {role}: {await response.Content.ReadAsStringAsync()}");
    }
}
