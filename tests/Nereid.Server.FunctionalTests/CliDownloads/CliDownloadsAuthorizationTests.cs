using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.CliDownloads;

/// <summary>The CLI downloads × every role: open to everyone, signed in or not (the CLI holds no secret).</summary>
public sealed class CliDownloadsAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<string, (string Url, int Status)> Endpoints = new()
    {
        ["GET cli"] = ("/api/v1/cli", 200),
        ["GET cli unpublished build"] = ("/api/v1/cli/win-x64", 404),
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(Endpoints.Keys);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task CliDownloads_Role_GetsExpectedStatus(string endpoint, Role role)
    {
        var (url, expected) = Endpoints[endpoint];
        await world.SceneAsync();

        using var response = await world.Client(role).GetAsync(url);

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(expected, $"{endpoint} as {role}: {body}");
        if (expected == 200)
            body.ShouldContain("\"platforms\":[\"linux-x64\"");
    }
}
