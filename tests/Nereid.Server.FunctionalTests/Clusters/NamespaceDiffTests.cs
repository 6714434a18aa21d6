using Nereid.Kubernetes.Informers;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Clusters;

/// <summary>
/// <c>GET /api/v1/namespaces/{name}/diff</c> against the API double. A foreign replica holds the reconciler's Lease, so
/// the hosted reconciler never leads and only the test's own passes change the cluster.
/// </summary>
public sealed class NamespaceDiffTests
{
    private static async Task<ClusterAppFactory> StartIdleAsync()
    {
        var lease = JsonNode.Parse("""
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"nereid-reconciler","namespace":"nereid-system"},
             "spec":{"holderIdentity":"another-replica","leaseDurationSeconds":3600}}
            """)!.AsObject();
        lease["spec"]!["renewTime"] = DateTime.UtcNow.AddMinutes(30).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        return await ClusterAppFactory.StartAsync(o => o.SeedObjects.Add(lease));
    }

    private static async Task PassAsync(ClusterAppFactory app, string name)
    {
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var options = new ReconcilerOptions();
        var desired = new DesiredStateCache(scopes, options);
        await desired.ReloadAllAsync(default);
        using var stop = new CancellationTokenSource();
        var shared = new SharedInformers(app.NereidClient, TimeProvider.System, NullLoggerFactory.Instance);
        using var observed = new ObservedCluster(shared, TimeSpan.FromMinutes(10), (_, _, _) => { });
        var informers = shared.RunAsync(stop.Token);
        await observed.WaitForSyncAsync(default);
        var ports = new ReconcilerPorts(ClusterAppFactory.ClusterName, desired, observed, new KubeOwnedObjectWriter(app.NereidClient), new StatusWriter(scopes));
        var projection = ClusterProjection.For(app.Services.GetRequiredService<IOptions<ProjectionOptions>>().Value,
            app.Services.GetRequiredService<IOptions<List<ClusterOptions>>>().Value, ClusterAppFactory.ClusterName);
        await new NamespaceReconciler(ports, new AppliedObjects(), new ReconcilerStats(), projection, options, TimeProvider.System)
            .ReconcileAsync(new NamespaceKey(name), default);
        await stop.CancelAsync();
        await informers;
    }

    private static async Task<List<(string Kind, string Name, string Action, string[] Fields)>> DiffAsync(HttpClient client, string name)
    {
        var doc = await client.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{name}/diff");
        var cluster = doc.GetProperty("clusters").EnumerateArray().Single();
        cluster.GetProperty("cluster").GetString().ShouldBe(ClusterAppFactory.ClusterName);
        return [.. cluster.GetProperty("objects").EnumerateArray().Select(o => (o.GetProperty("kind").GetString()!, o.GetProperty("name").GetString()!,
            o.GetProperty("action").GetString()!, o.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToArray()))];
    }

    [Fact]
    public async Task Diff_NotYetProjected_ListsEveryObjectAsCreateAndWritesNothing()
    {
        await using var app = await StartIdleAsync();
        var owner = await app.CreatePersonAsync("diffowner", Tier.Admin);
        await app.CreateNamespaceAsync("diff-new", owner);
        using var client = await app.ClientForAsync(owner);

        var diff = await DiffAsync(client, "diff-new");

        diff.Select(d => (d.Kind, d.Action)).ShouldBe([
            ("Namespace", "create"), ("RoleBinding", "create"), ("ResourceQuota", "create"), ("LimitRange", "create"), ("NetworkPolicy", "create")]);
        (await app.Admin.GetAsync<Namespace>(null, "diff-new")).ShouldBeNull();
    }

    [Fact]
    public async Task Diff_DriftAndStaleObject_ShowsUpdateWithFieldAndDeleteWithoutRepairing()
    {
        await using var app = await StartIdleAsync();
        var owner = await app.CreatePersonAsync("driftowner", Tier.Admin);
        await app.CreateNamespaceAsync("diff-drift", owner);
        await PassAsync(app, "diff-drift");
        using var client = await app.ClientForAsync(owner);
        (await DiffAsync(client, "diff-drift")).ShouldAllBe(d => d.Action == "unchanged");
        await app.Admin.PatchAsync<ResourceQuota>(ResourceType.Of<ResourceQuota>(), "diff-drift", ProjectionNames.Quota,
            """{"spec":{"hard":{"requests.cpu":"1"}}}""");
        await app.Admin.ApplyAsync(new NetworkPolicy
        {
            Metadata = new ObjectMeta { Name = "left-over", Namespace = "diff-drift", Labels = new() { [ProjectionNames.ManagedByLabel] = ProjectionNames.ManagedByValue } },
            Spec = new NetworkPolicySpec { PodSelector = new LabelSelector() },
        }, "someone");
        var quotaVersion = (await app.Admin.GetAsync<ResourceQuota>("diff-drift", ProjectionNames.Quota))!.Metadata.ResourceVersion;

        var diff = await DiffAsync(client, "diff-drift");

        var quotaDiff = diff.Single(d => d.Kind == "ResourceQuota");
        (quotaDiff.Name, quotaDiff.Action).ShouldBe((ProjectionNames.Quota, "update"));
        quotaDiff.Fields.ShouldBe(["spec.hard[\"requests.cpu\"]"]);
        diff.Single(d => d.Name == "left-over").Action.ShouldBe("delete");
        diff.Where(d => d.Kind != "ResourceQuota" && d.Name != "left-over").ShouldAllBe(d => d.Action == "unchanged");
        var quota = await app.Admin.GetAsync<ResourceQuota>("diff-drift", ProjectionNames.Quota);
        quota!.Metadata.ResourceVersion.ShouldBe(quotaVersion);
        quota.Spec!.Hard!["requests.cpu"].ToString().ShouldBe("1");
        (await app.Admin.GetAsync<NetworkPolicy>("diff-drift", "left-over")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Diff_UnknownNamespace_ProblemDetails404()
    {
        await using var app = await StartIdleAsync();
        using var client = await app.ClientForAsync(await app.AdminAsync());

        var response = await client.GetAsync("/api/v1/namespaces/no-such-ns/diff");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe("No namespace is named 'no-such-ns'.");
    }
}
