namespace Nereid.Server.FunctionalTests.Authorization;

/// <summary>Every API endpoint × every role, each cell with its expected status.</summary>
public sealed class ApiAuthorizationMatrixTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(ApiEndpoints.All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var spec = ApiEndpoints.All.Single(e => e.Name == endpoint);
        var scene = await world.SceneAsync();
        using var request = spec.Request(scene, role, world);
        using var response = await world.Client(role).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(spec.Expected[role], $"{endpoint} as {role}: {body}");
    }
}
