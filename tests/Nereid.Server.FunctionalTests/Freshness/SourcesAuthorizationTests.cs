using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Freshness;

/// <summary><c>GET /api/v1/sources</c> × every role: anyone signed in may see where the portal's data comes from.</summary>
public sealed class SourcesAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<Role, int> Expected = new()
    {
        [Role.Anonymous] = 401, [Role.Guest] = 200, [Role.Demoted] = 200, [Role.User] = 200, [Role.Member] = 200, [Role.TierAdmin] = 200,
        [Role.NamespaceAdmin] = 200, [Role.OtherNamespaceAdmin] = 200, [Role.PlatformAdmin] = 200,
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET sources"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Sources_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        await world.SceneAsync();

        using var response = await world.Client(role).GetAsync("/api/v1/sources");

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(Expected[role], $"{endpoint} as {role}: {body}");
        if (response.IsSuccessStatusCode)
            body.ShouldBe("{\"items\":[]}");
    }
}
