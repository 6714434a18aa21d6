using System.Net;
using System.Net.Http.Json;
using Nereid.KubeDouble.Rbac;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.TestSupport.Paths;
using static Nereid.Server.FunctionalTests.Federation.FederationWorld;
using static Nereid.Server.FunctionalTests.Placement.TwoClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Federation;

/// <summary>
/// The RBAC-enforcing check of <c>DeployManifestTests</c> extended to federation: on both doubles the server is the
/// <c>nereid</c> ServiceAccount bound by <c>deploy/rbac.yaml</c> and nothing more, and federating and un-federating a
/// namespace (ServiceAccounts, RoleBindings to Admiralty's source role, TokenRequests, Secrets, Targets, Sources) is never refused.
/// </summary>
public sealed class FederationLeastPrivilegeTests
{
    private const string Token = "nereid-federation-sa-token";

    [Fact]
    public async Task Put_ServerBoundByDeployRbacOnBothClusters_FederatesAndUnfederatesWithoutForbidden()
    {
        await using var app = await StartWithAsync(o =>
        {
            o.Users[Token] = new UserInfo("system:serviceaccount:nereid-system:nereid",
                ["system:serviceaccounts", "system:serviceaccounts:nereid-system", "system:authenticated"]);
            o.SeedObjects.AddRange(YamlJson.Documents(Path.Combine(RepoPaths.Root, "deploy", "rbac.yaml")));
        }, Token);
        var owner = await app.CreatePersonAsync("leastowner", Tier.Admin);
        await Placement.PlacementTests.CreateNamespaceAsync(app, "least", owner);
        using var api = await app.ClientForAsync(owner);
        await Eventually.TrueAsync(async () => await app.HasNamespaceAsync(East, "least") && await app.HasNamespaceAsync(West, "least"),
            "the namespace never reached both clusters");

        (await api.PutAsJsonAsync("/api/v1/namespaces/least/federation", new { federated = true })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => (await ObjectsAsync(app, East, "least")).Count == 5 && (await ObjectsAsync(app, West, "least")).Count == 5,
            "federation never completed under deploy/rbac.yaml");
        await Eventually.TrueAsync(async () => (await FederationAsync(api, "least")).GetProperty("clusters").EnumerateArray()
            .All(c => c.GetProperty("condition").GetString() == "Ready"), "the federation never reported Ready on both clusters");
        var kubeconfig = (await KubeconfigAsync(app, East, "least", West)).ShouldNotBeNull();
        (await CanIAsync(kubeconfig, "create", "podchaperons.multicluster.admiralty.io", "-n", "least")).ShouldBeTrue();
        (await CanIAsync(kubeconfig, "create", "pods", "-n", "least")).ShouldBeFalse();

        (await api.PutAsJsonAsync("/api/v1/namespaces/least/federation", new { federated = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => (await ObjectsAsync(app, East, "least")).Count == 0 && (await ObjectsAsync(app, West, "least")).Count == 0,
            "un-federating under deploy/rbac.yaml left Admiralty objects behind");
        foreach (var cluster in new[] { East, West })
        {
            app.Kube(cluster).RequestLog.Entries.Where(e => e.Status == 403).Select(e => $"{cluster}: {e.Method} {e.PathAndQuery}").ShouldBeEmpty();
            app.Kube(cluster).SchemaViolations.ShouldBeEmpty();
        }
    }
}
