using System.Net;
using System.Net.Http.Json;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Namespaces;

/// <summary>GET and PUT /api/v1/namespaces/{name}/quota against every role.</summary>
public sealed class QuotaAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Theory]
    [InlineData(Role.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Role.Guest, HttpStatusCode.Forbidden)]
    [InlineData(Role.User, HttpStatusCode.Forbidden)]
    [InlineData(Role.TierAdmin, HttpStatusCode.Forbidden)]
    [InlineData(Role.Member, HttpStatusCode.OK)]
    [InlineData(Role.NamespaceAdmin, HttpStatusCode.OK)]
    [InlineData(Role.OtherNamespaceAdmin, HttpStatusCode.Forbidden)]
    [InlineData(Role.PlatformAdmin, HttpStatusCode.OK)]
    [InlineData(Role.Demoted, HttpStatusCode.Forbidden)]
    public async Task GetQuota_EachRole_NamespacePeopleAndPlatformAdminsOnly(Role role, HttpStatusCode expected)
    {
        var scene = await world.SceneAsync();

        var response = await world.Client(role).GetAsync($"/api/v1/namespaces/{scene.Namespace}/quota");

        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.OK)
            (await response.Content.ReadAsStringAsync()).ShouldContain("\"effective\"");
    }

    [Theory]
    [InlineData(Role.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Role.Guest, HttpStatusCode.Forbidden)]
    [InlineData(Role.User, HttpStatusCode.Forbidden)]
    [InlineData(Role.TierAdmin, HttpStatusCode.Forbidden)]
    [InlineData(Role.Member, HttpStatusCode.Forbidden)]
    [InlineData(Role.NamespaceAdmin, HttpStatusCode.Forbidden)]
    [InlineData(Role.OtherNamespaceAdmin, HttpStatusCode.Forbidden)]
    [InlineData(Role.PlatformAdmin, HttpStatusCode.OK)]
    [InlineData(Role.Demoted, HttpStatusCode.Forbidden)]
    public async Task PutQuota_EachRole_PlatformAdminsOnly(Role role, HttpStatusCode expected)
    {
        var scene = await world.SceneAsync();

        var response = await world.Client(role).PutAsJsonAsync($"/api/v1/namespaces/{scene.Namespace}/quota",
            new { overrides = new Dictionary<string, string> { ["requests.nvidia.com/gpu"] = "4" } });

        response.StatusCode.ShouldBe(expected);
        var after = await world.Client(Role.PlatformAdmin).GetStringAsync($"/api/v1/namespaces/{scene.Namespace}/quota");
        after.Contains("\"overrides\":{\"requests.nvidia.com/gpu\":\"4\"}", StringComparison.Ordinal).ShouldBe(expected == HttpStatusCode.OK);
    }
}
