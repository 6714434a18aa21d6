using System.Net;
using System.Net.Http.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// A class description for every role on the embedded default (no cluster): every signed-in person may read, so
/// they reach the plain "no such cluster" 404; only platform admins may write (and reach the same 404); everyone
/// else, the demoted namespace admin included, is refused before anything is looked up.
/// </summary>
public sealed class StorageClassDescriptionAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const string Url = "/api/v1/storage/classes/nowhere/rook-ceph-block/description";

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET description", "PUT description"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Description_EachRole_ReadBySignedInWrittenByPlatformAdmins(string endpoint, Role role)
    {
        var client = world.Client(role);

        using var response = endpoint == "GET description"
            ? await client.GetAsync(Url)
            : await client.PutAsJsonAsync(Url, new { region = "us-west", accessModes = new[] { "ReadWriteOnce" } });

        var expected = role switch
        {
            Role.Anonymous => HttpStatusCode.Unauthorized,
            Role.PlatformAdmin => HttpStatusCode.NotFound,
            _ when endpoint == "GET description" => HttpStatusCode.NotFound,
            _ => HttpStatusCode.Forbidden,
        };
        response.StatusCode.ShouldBe(expected, $"{endpoint} as {role}");
    }
}
