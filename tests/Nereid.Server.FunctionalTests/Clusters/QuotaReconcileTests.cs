using System.Net;
using System.Net.Http.Json;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.FunctionalTests.Clusters;

/// <summary>Stored quota overrides travel through the reconciler into the cluster's ResourceQuota.</summary>
public sealed class QuotaReconcileTests
{
    private static async Task<Dictionary<string, string>?> HardAsync(ClusterAppFactory app, string ns) =>
        (await app.Admin.GetAsync<ResourceQuota>(ns, "nereid-quota"))?.Spec?.Hard?.ToDictionary(kv => kv.Key, kv => kv.Value.ToString());

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string ns, Dictionary<string, string> overrides) =>
        http.PutAsJsonAsync($"/api/v1/namespaces/{ns}/quota", new { overrides, allowUnknown = true });

    [Fact]
    public async Task PutQuota_ChangedAndRemoved_ReachesTheClusterResourceQuotaOverConfiguredOverrides()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        app.With("Nereid:Reconciler:QuotaOverrides:quota-lab:requests.cpu", "100");
        app.With("Nereid:Reconciler:QuotaOverrides:quota-lab:requests.memory", "300Gi");
        var owner = await app.CreatePersonAsync("quotaowner", Tier.Admin);
        await app.CreateNamespaceAsync("quota-lab", owner);
        using var platform = await app.ClientForAsync(await app.AdminAsync());
        await Eventually.TrueAsync(async () => (await HardAsync(app, "quota-lab"))?.GetValueOrDefault("requests.memory") == "300Gi",
            "the configured override never reached the cluster");

        (await PutAsync(platform, "quota-lab", new() { ["requests.memory"] = "512Gi", ["requests.nvidia.com/gpu"] = "16", ["requests.nvidia.com/a100"] = "2" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => (await HardAsync(app, "quota-lab"))?.GetValueOrDefault("requests.nvidia.com/a100") == "2",
            "the stored override never reached the cluster");
        (await HardAsync(app, "quota-lab")).ShouldBe(new Dictionary<string, string>
        {
            ["requests.cpu"] = "100", ["requests.memory"] = "512Gi", ["requests.nvidia.com/a100"] = "2", ["requests.nvidia.com/gpu"] = "16",
        }, ignoreOrder: true);

        (await PutAsync(platform, "quota-lab", [])).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => (await HardAsync(app, "quota-lab"))?.ContainsKey("requests.nvidia.com/a100") == false,
            "removing the stored overrides never reached the cluster");
        (await HardAsync(app, "quota-lab")).ShouldBe(new Dictionary<string, string>
        {
            ["requests.cpu"] = "100", ["requests.memory"] = "300Gi", ["requests.nvidia.com/gpu"] = "8",
        }, ignoreOrder: true);
        app.Kube.SchemaViolations.ShouldBeEmpty();
    }
}
