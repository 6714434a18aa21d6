using System.Net;
using System.Net.Http.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// The volume routes for every role on the embedded default (no cluster): members, namespace admins and platform
/// admins get past authorization to the plain "no cluster" problem (409); everyone else is refused.
/// </summary>
public sealed class VolumeAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<Role, HttpStatusCode> Expected = new()
    {
        [Role.Anonymous] = HttpStatusCode.Unauthorized, [Role.Guest] = HttpStatusCode.Forbidden, [Role.Demoted] = HttpStatusCode.Forbidden, [Role.User] = HttpStatusCode.Forbidden,
        [Role.Member] = HttpStatusCode.Conflict, [Role.TierAdmin] = HttpStatusCode.Forbidden, [Role.NamespaceAdmin] = HttpStatusCode.Conflict,
        [Role.OtherNamespaceAdmin] = HttpStatusCode.Forbidden, [Role.PlatformAdmin] = HttpStatusCode.Conflict,
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET volumes", "POST volume", "PATCH volume", "DELETE volume"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Volumes_EachRole_MembersAndPlatformAdminsOnly(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();
        var client = world.Client(role);
        var url = $"/api/v1/namespaces/{scene.Namespace}/volumes";

        using var response = endpoint switch
        {
            "GET volumes" => await client.GetAsync(url),
            "POST volume" => await client.PostAsJsonAsync(url, new { name = "data", storageClass = "rook-ceph-block", size = "1Gi", accessMode = "ReadWriteOnce" }),
            "PATCH volume" => await client.PatchAsJsonAsync(url + "/data", new { size = "2Gi" }),
            _ => await client.DeleteAsync(url + "/data?confirm=data"),
        };

        response.StatusCode.ShouldBe(Expected[role], endpoint);
    }
}
