using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.KubeDouble.Rbac;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;
using Nereid.Server.Clusters.Preflight;
using Nereid.Server.Policies;
using Nereid.TestSupport.Paths;

namespace Nereid.Server.FunctionalTests.Clusters;

public sealed class PreflightTests
{
    private const string ServiceAccountToken = "nereid-preflight-sa-token";
    private const string ServiceAccount = "system:serviceaccount:nereid-system:nereid";
    private static readonly string Deploy = Path.Combine(RepoPaths.Root, "deploy");

    [Fact]
    public async Task Startup_FreshClusterWithoutLeaseNamespace_CreatesItAndReconcilesWithoutHandWork()
    {
        await using var app = await ClusterAppFactory.StartAsync(o => o.SeedObjects.RemoveAll(IsLeaseNamespace));
        (await app.Admin.GetAsync<Namespace>(null, "nereid-system")).ShouldBeNull("the double must start without the lease namespace");
        var admin = await app.CreatePersonAsync("freshadmin", Tier.Admin);

        await app.CreateNamespaceAsync("fresh-lab", admin);

        await Eventually.TrueAsync(async () => await app.Admin.GetAsync<NetworkPolicy>("fresh-lab", "nereid-isolation") is not null,
            "the namespace was never reconciled");
        var lease = await app.Admin.GetAsync<Lease>("nereid-system", Nereid.Server.Runtime.RuntimeSettings.LeaseName);
        lease.ShouldNotBeNull("leader election never used the created namespace");
        var created = (await app.Admin.GetAsync<Namespace>(null, "nereid-system"))!;
        created.Metadata.Labels!.ShouldContainKeyAndValue(ClusterPreflight.NameLabel, "nereid");
        // Not managed-by: the reconciler deletes managed namespaces missing from its database.
        created.Metadata.Labels!.ShouldNotContainKey(ProjectionNames.ManagedByLabel);
        (await app.Admin.GetAsync<ClusterRole>(null, ProjectionNames.ClusterUserRole)).ShouldNotBeNull();
        using var anonymous = app.CreateClient();
        (await anonymous.GetStringAsync("/readyz")).ShouldBe("ready\n[+]database ok\n[+]cluster test: preflight ok\n");
    }

    [Theory]
    [InlineData("namespaces", "create", "create namespaces")]
    [InlineData("leases", "update", "update leases.coordination.k8s.io in namespace nereid-system")]
    public async Task Preflight_IdentityLackingOnePermission_ReadyzAndClustersPageNameExactlyIt(string resource, string verb, string expected)
    {
        await using var app = await ClusterAppFactory.StartAsync(o =>
        {
            o.Users[ServiceAccountToken] = ServiceAccountUser();
            o.SeedObjects.AddRange(RbacWithout(resource, verb));
        }, ServiceAccountToken);
        using var anonymous = app.CreateClient();

        string readyz = "";
        await Eventually.TrueAsync(async () => (readyz = await anonymous.GetStringAsync("/readyz")).Contains("missing permissions", StringComparison.Ordinal),
            "/readyz never showed the cluster's failed preflight");

        readyz.ShouldBe($"ready\n[+]database ok\n[-]cluster test: missing permissions: {expected}\n");
        using var admin = await app.ClientForAsync(await app.AdminAsync());
        var html = await admin.GetStringAsync("/clusters");
        html.ShouldContain("test is not ready for Nereid");
        html.ShouldContain($"missing permissions: {expected}");
        html.ShouldContain($"<td>{verb}</td>");
        html.ShouldContain($"verbs: [&quot;{verb}&quot;]");
    }

    [Fact]
    public async Task RunAsync_DeployRbacManifest_GrantsEveryCheckedPermission()
    {
        await using var kube = await StartDoubleAsync(Manifest("namespace.yaml").Concat(Manifest("rbac.yaml")));
        using var client = ClusterAppFactory.ClientFor(kube, ServiceAccountToken, 8);

        var report = await Preflight(new PolicyOptions()).RunAsync(Cluster(client, kube), CancellationToken.None);

        report.Missing.ShouldBeEmpty();
        report.Ok.ShouldBeTrue(report.Summary);
        report.LeaseNamespace.Message.ShouldBe("namespace nereid-system exists");
    }

    [Fact]
    public async Task RunAsync_EnforcementOnWithDeployRbac_NamesTheWorkloadWritesItLacks()
    {
        await using var kube = await StartDoubleAsync(Manifest("namespace.yaml").Concat(Manifest("rbac.yaml")));
        using var client = ClusterAppFactory.ClientFor(kube, ServiceAccountToken, 8);
        var policies = new PolicyOptions();
        policies.Enforcement.DryRun = false;

        var report = await Preflight(policies).RunAsync(Cluster(client, kube), CancellationToken.None);

        report.Missing.Select(p => p.ToString()).ShouldBe(
            ["patch pods", "delete pods", "patch deployments.apps", "patch statefulsets.apps", "patch jobs.batch", "delete jobs.batch"], ignoreOrder: true);
        report.RulesToAdd().ShouldContain("  - apiGroups: [\"batch\"]\n    resources: [\"jobs\"]\n    verbs: [\"patch\", \"delete\"]\n");
    }

    [Fact]
    public async Task RunAsync_EnforcementOnWithDeployEnforcementRbac_GrantsEveryCheckedPermission()
    {
        await using var kube = await StartDoubleAsync(Manifest("namespace.yaml").Concat(Manifest("rbac.yaml")).Concat(Manifest("rbac-enforcement.yaml")));
        using var client = ClusterAppFactory.ClientFor(kube, ServiceAccountToken, 8);
        var policies = new PolicyOptions();
        policies.Enforcement.DryRun = false;

        var report = await Preflight(policies).RunAsync(Cluster(client, kube), CancellationToken.None);

        report.Missing.ShouldBeEmpty();
        report.Ok.ShouldBeTrue(report.Summary);
    }

    [Fact]
    public async Task RunAsync_NoPermissionsAtAll_ReportsLeaseNamespaceAndClusterRoleItCouldNotCreate()
    {
        await using var kube = await StartDoubleAsync([]);
        using var client = ClusterAppFactory.ClientFor(kube, ServiceAccountToken, 8);
        var results = new PreflightResults();

        var report = await Preflight(new PolicyOptions(), results).RunAsync(Cluster(client, kube), CancellationToken.None);

        report.Ok.ShouldBeFalse();
        report.Missing.Count.ShouldBe(RequiredPermissions.For("nereid-system", new PolicyOptions()).Count);
        report.LeaseNamespace.Ok.ShouldBeFalse();
        report.LeaseNamespace.Message.ShouldContain("kubectl create namespace nereid-system");
        report.ClusterRole.Ok.ShouldBeFalse();
        results.Find("test").ShouldBeSameAs(report);
    }

    private static bool IsLeaseNamespace(JsonObject o) =>
        o["kind"]?.GetValue<string>() == "Namespace" && o["metadata"]?["name"]?.GetValue<string>() == "nereid-system";

    private static UserInfo ServiceAccountUser() =>
        new(ServiceAccount, ["system:serviceaccounts", "system:serviceaccounts:nereid-system", "system:authenticated"]);

    private static List<JsonObject> Manifest(string file) => YamlJson.Documents(Path.Combine(Deploy, file));

    /// <summary><c>deploy/rbac.yaml</c> with <paramref name="verb"/> taken away from <paramref name="resource"/> only.</summary>
    private static List<JsonObject> RbacWithout(string resource, string verb)
    {
        var docs = Manifest("rbac.yaml");
        foreach (var role in docs.Where(d => d["kind"]!.GetValue<string>() is "ClusterRole" or "Role"))
        {
            var rules = role["rules"]!.AsArray();
            foreach (var rule in rules.ToList().Select(r => r!.AsObject()).Where(r => r["resourceNames"] is null))
            {
                var resources = rule["resources"]!.AsArray();
                if (!resources.Any(r => r!.GetValue<string>() == resource))
                {
                    continue;
                }
                // Split the rule so the other resources keep the verb.
                var split = rule.DeepClone().AsObject();
                split["resources"] = new JsonArray(resource);
                split["verbs"] = new JsonArray([.. rule["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).Where(v => v != verb).Select(v => JsonValue.Create(v))]);
                rule["resources"] = new JsonArray([.. resources.Select(r => r!.GetValue<string>()).Where(r => r != resource).Select(r => JsonValue.Create(r))]);
                if (rule["resources"]!.AsArray().Count == 0)
                {
                    rules.Remove(rule);
                }
                rules.Add(split);
            }
        }
        return docs;
    }

    private static async Task<KubeApiDouble> StartDoubleAsync(IEnumerable<JsonObject> seed)
    {
        var options = new KubeDoubleOptions();
        options.Users[ServiceAccountToken] = ServiceAccountUser();
        options.SeedObjects.AddRange(seed);
        return await KubeApiDouble.StartAsync(options, CancellationToken.None);
    }

    private static ConnectedCluster Cluster(IKubeClient client, KubeApiDouble kube) =>
        new("test", client, new ClusterPublicInfo(kube.BaseAddress.ToString(), kube.CaCertificatePem, "nereid", null));

    private static ClusterPreflight Preflight(PolicyOptions policies, PreflightResults? results = null) =>
        new(results ?? new PreflightResults(), Options.Create(new ReconcilerOptions()), Options.Create(policies), TimeProvider.System,
            NullLogger<ClusterPreflight>.Instance);
}
