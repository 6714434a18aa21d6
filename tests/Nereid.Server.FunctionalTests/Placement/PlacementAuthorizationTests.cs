using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Placement;

/// <summary>
/// <c>GET|PUT /api/v1/namespaces/{name}/placement</c> for every role (embedded default, no cluster connected): anyone
/// reads placement (as anyone reads status); only the namespace's admins and platform admins change it.
/// </summary>
public sealed class PlacementAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly Dictionary<Role, HttpStatusCode> PutExpected = new()
    {
        [Role.Anonymous] = HttpStatusCode.Unauthorized, [Role.Guest] = HttpStatusCode.Forbidden, [Role.Demoted] = HttpStatusCode.Forbidden, [Role.User] = HttpStatusCode.Forbidden,
        [Role.Member] = HttpStatusCode.Forbidden, [Role.TierAdmin] = HttpStatusCode.Forbidden, [Role.NamespaceAdmin] = HttpStatusCode.OK,
        [Role.OtherNamespaceAdmin] = HttpStatusCode.Forbidden, [Role.PlatformAdmin] = HttpStatusCode.OK,
    };

    public static TheoryData<string, Role> GetCells() => RoleMatrix.Cells(["GET namespace placement"]);

    public static TheoryData<string, Role> PutCells() => RoleMatrix.Cells(["PUT namespace placement"]);

    [Theory]
    [MemberData(nameof(GetCells))]
    public async Task GetPlacement_EachRole_Readable(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();

        var response = await world.Client(role).GetAsync($"/api/v1/namespaces/{scene.Namespace}/placement");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, endpoint);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("namespace").GetString().ShouldBe(scene.Namespace);
        view.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        view.GetProperty("clusters").GetArrayLength().ShouldBe(0);
        response.Headers.ETag.ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(PutCells))]
    public async Task PutPlacement_EachRole_NamespaceAndPlatformAdminsOnly(string endpoint, Role role)
    {
        var scene = await world.SceneAsync();

        var response = await world.Client(role).PutAsJsonAsync($"/api/v1/namespaces/{scene.Namespace}/placement", new { clusters = (string[]?)null });

        response.StatusCode.ShouldBe(PutExpected[role], endpoint);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        }
    }

    [Fact]
    public async Task PutPlacement_StaleIfMatch_PreconditionFailedAndNothingSaved()
    {
        var scene = await world.SceneAsync();
        var platform = world.Client(Role.PlatformAdmin);
        var before = await platform.GetAsync($"/api/v1/namespaces/{scene.Namespace}/placement");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/namespaces/{scene.Namespace}/placement")
        {
            Content = JsonContent.Create(new { clusters = (string[]?)null }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");

        var response = await platform.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var after = await platform.GetAsync($"/api/v1/namespaces/{scene.Namespace}/placement");
        after.Headers.ETag!.Tag.ShouldBe(before.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task PutPlacement_EmptyClusterList_BadRequestWithFieldError()
    {
        var scene = await world.SceneAsync();

        var response = await world.Client(Role.NamespaceAdmin).PutAsJsonAsync($"/api/v1/namespaces/{scene.Namespace}/placement", new { clusters = Array.Empty<string>() });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Choose at least one cluster, or send null to follow the platform");
    }
}
