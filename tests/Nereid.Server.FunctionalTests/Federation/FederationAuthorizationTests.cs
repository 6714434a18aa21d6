using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Federation;

/// <summary>
/// <c>GET|PUT /api/v1/namespaces/{name}/federation</c> for every role (embedded default, no cluster connected): anyone
/// reads the switch; only the namespace's admins and platform admins change it.
/// </summary>
public sealed class FederationAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<Role, HttpStatusCode> PutExpected = new()
    {
        [Role.Anonymous] = HttpStatusCode.Unauthorized, [Role.Guest] = HttpStatusCode.Forbidden, [Role.Demoted] = HttpStatusCode.Forbidden, [Role.User] = HttpStatusCode.Forbidden,
        [Role.Member] = HttpStatusCode.Forbidden, [Role.TierAdmin] = HttpStatusCode.Forbidden, [Role.NamespaceAdmin] = HttpStatusCode.OK,
        [Role.OtherNamespaceAdmin] = HttpStatusCode.Forbidden, [Role.PlatformAdmin] = HttpStatusCode.OK,
    };

    public static TheoryData<string, Role> GetCells() => RoleMatrix.Cells(["GET namespace federation"]);

    public static TheoryData<string, Role> PutCells() => RoleMatrix.Cells(["PUT namespace federation"]);

    [Theory]
    [MemberData(nameof(GetCells))]
    public async Task GetFederation_EachRole_Readable(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();

        var response = await world.Client(role).GetAsync($"/api/v1/namespaces/{scene.Namespace}/federation");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, endpoint);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("namespace").GetString().ShouldBe(scene.Namespace);
        view.GetProperty("federated").GetBoolean().ShouldBeFalse();
        response.Headers.ETag.ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(PutCells))]
    public async Task PutFederation_EachRole_NamespaceAndPlatformAdminsOnly(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();

        var response = await world.Client(role).PutAsJsonAsync($"/api/v1/namespaces/{scene.Namespace}/federation", new { federated = false });

        response.StatusCode.ShouldBe(PutExpected[role], endpoint);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("federated").GetBoolean().ShouldBeFalse();
        }
    }

    [Fact]
    public async Task PutFederation_NoClusterToFederate_BadRequestWithFieldErrorAndNothingSaved()
    {
        var scene = await world.SceneAsync();
        var admin = world.Client(Role.NamespaceAdmin);
        var before = await admin.GetAsync($"/api/v1/namespaces/{scene.Namespace}/federation");

        var response = await admin.PutAsJsonAsync($"/api/v1/namespaces/{scene.Namespace}/federation", new { federated = true });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("place it on at least two clusters");
        var after = await admin.GetAsync($"/api/v1/namespaces/{scene.Namespace}/federation");
        after.Headers.ETag!.Tag.ShouldBe(before.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task PutFederation_MissingSwitch_BadRequest()
    {
        var scene = await world.SceneAsync();

        var response = await world.Client(Role.PlatformAdmin).PutAsJsonAsync($"/api/v1/namespaces/{scene.Namespace}/federation", new { });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("federated");
    }
}
