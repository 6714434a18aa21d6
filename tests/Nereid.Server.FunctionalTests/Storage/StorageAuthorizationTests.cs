using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// <c>GET /api/v1/storage/classes</c> for every role on the embedded default (no cluster): every signed-in person
/// reads the (empty) catalogue; an anonymous caller is refused.
/// </summary>
public sealed class StorageAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET storage classes"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Classes_EachRole_SignedInReadOnly(string endpoint, Role role)
    {
        var response = await world.Client(role).GetAsync("/api/v1/storage/classes");

        if (role == Role.Anonymous)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, endpoint);
            return;
        }
        response.StatusCode.ShouldBe(HttpStatusCode.OK, endpoint);
        var catalog = await response.Content.ReadFromJsonAsync<JsonElement>();
        catalog.GetProperty("classes").GetArrayLength().ShouldBe(0);
        catalog.GetProperty("unsynced").GetArrayLength().ShouldBe(0);
    }
}
