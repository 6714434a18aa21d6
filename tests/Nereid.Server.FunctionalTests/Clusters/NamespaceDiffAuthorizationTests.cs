using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Clusters;

/// <summary>
/// <c>GET /api/v1/namespaces/{name}/diff</c> for every role on the embedded default (no cluster connected): namespace
/// admins and platform admins get past authorization to the plain "no cluster" problem; everyone else is refused.
/// </summary>
public sealed class NamespaceDiffAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<Role, HttpStatusCode> Expected = new()
    {
        [Role.Anonymous] = HttpStatusCode.Unauthorized, [Role.Guest] = HttpStatusCode.Forbidden, [Role.User] = HttpStatusCode.Forbidden,
        [Role.Member] = HttpStatusCode.Forbidden, [Role.TierAdmin] = HttpStatusCode.Forbidden, [Role.NamespaceAdmin] = HttpStatusCode.Conflict,
        [Role.OtherNamespaceAdmin] = HttpStatusCode.Forbidden, [Role.PlatformAdmin] = HttpStatusCode.Conflict,
        [Role.Demoted] = HttpStatusCode.Forbidden,
    };

    public static TheoryData<string, Role> Cells() => RoleMatrix.Cells(["GET namespace diff"]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Diff_EachRole_NamespaceAndPlatformAdminsOnly(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();

        var response = await world.Client(role).GetAsync($"/api/v1/namespaces/{scene.Namespace}/diff");

        response.StatusCode.ShouldBe(Expected[role], endpoint);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("detail").GetString().ShouldBe("No Kubernetes cluster is connected to this Nereid, so there is nothing to compare with.");
        }
    }
}
