using System.Net;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Clusters;

/// <summary>Every new cluster endpoint against every role (embedded default: no cluster connected).</summary>
public sealed class ClusterAuthorizationTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Theory]
    [InlineData(Role.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Role.Guest, HttpStatusCode.OK)]
    [InlineData(Role.User, HttpStatusCode.OK)]
    [InlineData(Role.Member, HttpStatusCode.OK)]
    [InlineData(Role.NamespaceAdmin, HttpStatusCode.OK)]
    [InlineData(Role.OtherNamespaceAdmin, HttpStatusCode.OK)]
    [InlineData(Role.PlatformAdmin, HttpStatusCode.OK)]
    [InlineData(Role.Demoted, HttpStatusCode.OK)]
    public async Task ListClusters_EachRole_SignedInOnly(Role role, HttpStatusCode expected)
    {
        var response = await world.Client(role).GetAsync("/api/v1/clusters");

        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.OK)
        {
            (await response.Content.ReadAsStringAsync()).ShouldBe("""{"items":[]}""");
        }
    }

    [Theory]
    [InlineData(Role.Anonymous)]
    [InlineData(Role.Guest)]
    [InlineData(Role.User)]
    [InlineData(Role.Member)]
    [InlineData(Role.NamespaceAdmin)]
    [InlineData(Role.OtherNamespaceAdmin)]
    [InlineData(Role.PlatformAdmin)]
    [InlineData(Role.Demoted)]
    public async Task NamespaceStatus_EachRole_PublicLikeTheNamespace(Role role)
    {
        var scene = await world.SceneAsync();

        var response = await world.Client(role).GetAsync($"/api/v1/namespaces/{scene.Namespace}/status");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Role.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Role.Guest, HttpStatusCode.Forbidden)]
    [InlineData(Role.User, HttpStatusCode.Forbidden)]
    [InlineData(Role.Member, HttpStatusCode.Forbidden)]
    [InlineData(Role.NamespaceAdmin, HttpStatusCode.Forbidden)]
    [InlineData(Role.OtherNamespaceAdmin, HttpStatusCode.Forbidden)]
    [InlineData(Role.PlatformAdmin, HttpStatusCode.NotFound)]
    [InlineData(Role.Demoted, HttpStatusCode.Forbidden)]
    public async Task Import_EachRole_PlatformAdminsOnly(Role role, HttpStatusCode expected)
    {
        // No cluster is connected on the embedded default, so even a platform admin gets 404 for the cluster name.
        var response = await world.Client(role).PostAsync("/api/v1/clusters/test/import?dryRun=true", null);

        response.StatusCode.ShouldBe(expected);
    }
}
