using System.Net;
using System.Net.Http.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// The bucket routes for every role on the embedded default (no cluster): members, namespace admins and platform
/// admins get past authorization to the plain "no cluster" problem (409), except that a bucket's secret key is for
/// members only; everyone else — the demoted admin included — is refused.
/// </summary>
public sealed class BucketAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<Role, HttpStatusCode> Expected = new()
    {
        [Role.Anonymous] = HttpStatusCode.Unauthorized, [Role.Guest] = HttpStatusCode.Forbidden, [Role.Demoted] = HttpStatusCode.Forbidden, [Role.User] = HttpStatusCode.Forbidden,
        [Role.Member] = HttpStatusCode.Conflict, [Role.TierAdmin] = HttpStatusCode.Forbidden, [Role.NamespaceAdmin] = HttpStatusCode.Conflict,
        [Role.OtherNamespaceAdmin] = HttpStatusCode.Forbidden, [Role.PlatformAdmin] = HttpStatusCode.Conflict,
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET buckets", "POST bucket", "POST bucket secret", "DELETE bucket"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Buckets_EachRole_MembersAndPlatformAdminsOnly(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();
        var client = world.Client(role);
        var url = $"/api/v1/namespaces/{scene.Namespace}/buckets";

        using var response = endpoint switch
        {
            "GET buckets" => await client.GetAsync(url),
            "POST bucket" => await client.PostAsJsonAsync(url, new { name = "photos", bucketClass = "rook-ceph-bucket" }),
            "POST bucket secret" => await client.PostAsync(url + "/photos/secret", null),
            _ => await client.DeleteAsync(url + "/photos?confirm=photos"),
        };

        var expected = endpoint == "POST bucket secret" && role == Role.PlatformAdmin ? HttpStatusCode.Forbidden : Expected[role];
        response.StatusCode.ShouldBe(expected, endpoint);
    }
}
