namespace Nereid.Server.FunctionalTests.Authorization;

/// <summary>Every API endpoint × every role, each cell with its expected status.</summary>
public sealed class ApiAuthorizationMatrixTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    public static TheoryData<string, Role> Cells()
    {
        var data = new TheoryData<string, Role>();
        foreach (var endpoint in ApiEndpoints.All)
        {
            foreach (var role in Enum.GetValues<Role>())
                data.Add(endpoint.Name, role);
        }
        return data;
    }

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
