using System.Net;
using System.Net.Http.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Institutions;

/// <summary>
/// The institution API for every role: everyone signed in reads the list (the profile and namespace forms pick from
/// it); only platform admins create, change and merge; everyone else, the demoted namespace admin included, is refused
/// before anything is looked up. Writes name an institution that does not exist, so a platform admin meets the plain 404.
/// </summary>
public sealed class InstitutionAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly string Nowhere = "/api/v1/institutions/" + Guid.Empty;

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET list", "GET one", "POST", "PUT", "POST merge"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Institutions_EachRole_ReadBySignedInWrittenByPlatformAdmins(string endpoint, Role role)
    {
        var client = world.Client(role);
        var unique = "Matrix " + Guid.NewGuid().ToString("N")[..8];

        using var response = endpoint switch
        {
            "GET list" => await client.GetAsync("/api/v1/institutions"),
            "GET one" => await client.GetAsync(Nowhere),
            "POST" => await client.PostAsJsonAsync("/api/v1/institutions", new { name = unique, shortNames = Array.Empty<string>() }),
            "PUT" => await client.PutAsJsonAsync(Nowhere, new { name = unique }),
            _ => await client.PostAsJsonAsync(Nowhere + "/merge", new { from = Guid.NewGuid() }),
        };

        var expected = (endpoint, role) switch
        {
            (_, Role.Anonymous) => HttpStatusCode.Unauthorized,
            ("GET list", _) => HttpStatusCode.OK,
            ("GET one", _) => HttpStatusCode.NotFound,
            ("POST", Role.PlatformAdmin) => HttpStatusCode.Created,
            (_, Role.PlatformAdmin) => HttpStatusCode.NotFound,
            _ => HttpStatusCode.Forbidden,
        };
        response.StatusCode.ShouldBe(expected, $"{endpoint} as {role}");
    }
}
