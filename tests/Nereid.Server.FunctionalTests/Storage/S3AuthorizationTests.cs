using System.Net;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// The S3 credential routes for every role on the embedded default (no object store configured): credentials are
/// personal, so members and namespace admins get past authorization to the plain "no object store" problem (409);
/// everyone else, platform admins included, is refused.
/// </summary>
public sealed class S3AuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<Role, HttpStatusCode> Expected = new()
    {
        [Role.Anonymous] = HttpStatusCode.Unauthorized, [Role.Guest] = HttpStatusCode.Forbidden, [Role.Demoted] = HttpStatusCode.Forbidden, [Role.User] = HttpStatusCode.Forbidden,
        [Role.Member] = HttpStatusCode.Conflict, [Role.TierAdmin] = HttpStatusCode.Forbidden, [Role.NamespaceAdmin] = HttpStatusCode.Conflict,
        [Role.OtherNamespaceAdmin] = HttpStatusCode.Forbidden, [Role.PlatformAdmin] = HttpStatusCode.Forbidden,
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET s3 credentials", "POST s3 rotate", "POST s3 revoke"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task S3Credentials_EachRole_OwnMembershipOnly(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();
        var client = world.Client(role);
        var url = $"/api/v1/namespaces/{scene.Namespace}/s3/credentials";

        using var response = endpoint switch
        {
            "GET s3 credentials" => await client.GetAsync(url),
            "POST s3 rotate" => await client.PostAsync(url + "/rotate", null),
            _ => await client.PostAsync(url + "/revoke", null),
        };

        response.StatusCode.ShouldBe(Expected[role], endpoint);
    }
}
