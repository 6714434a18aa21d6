using System.Net;
using System.Net.Http.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// A namespace's S3 limits for every role: its members (namespace admins included) and platform admins read them; only
/// platform admins replace them; everyone else — the demoted member whose rows are dormant included — is refused.
/// </summary>
public sealed class S3QuotaAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET s3 quota", "PUT s3 quota"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task S3Quota_EachRole_ReadByMembersReplacedByPlatformAdmins(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();
        var client = world.Client(role);
        var url = $"/api/v1/namespaces/{scene.Namespace}/s3/quota";

        using var response = endpoint == "GET s3 quota"
            ? await client.GetAsync(url)
            : await client.PutAsJsonAsync(url, new { maxSize = "200Gi", maxBuckets = 10 });

        var expected = role switch
        {
            Role.Anonymous => HttpStatusCode.Unauthorized,
            Role.PlatformAdmin => HttpStatusCode.OK,
            Role.Member or Role.NamespaceAdmin when endpoint == "GET s3 quota" => HttpStatusCode.OK,
            _ => HttpStatusCode.Forbidden,
        };
        response.StatusCode.ShouldBe(expected, $"{endpoint} as {role}");
    }
}
