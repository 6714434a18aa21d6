using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Notices;

/// <summary>The notice endpoints × every role: signed-in people reach only their own inbox (another's notice is 404).</summary>
public sealed class NoticesAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<string, (HttpMethod Method, string Url, int SignedIn)> Endpoints = new()
    {
        ["GET notices"] = (HttpMethod.Get, "/api/v1/notices?unread=true", 200),
        ["POST notice read (not mine)"] = (HttpMethod.Post, $"/api/v1/notices/{Guid.NewGuid()}/read", 404),
        ["DELETE notice read (not mine)"] = (HttpMethod.Delete, $"/api/v1/notices/{Guid.NewGuid()}/read", 404),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Endpoints.Keys);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Notices_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var (method, url, signedIn) = Endpoints[endpoint];
        await world.SceneAsync();

        using var request = new HttpRequestMessage(method, url);
        using var response = await world.Client(role).SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(role == Role.Anonymous ? 401 : signedIn, $"{endpoint} as {role}: {body}");
    }
}
