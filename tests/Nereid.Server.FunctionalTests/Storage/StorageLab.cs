using System.Net;
using System.Net.Http.Json;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>The lab the storage tests share: an admin and a member in one namespace whose 10 GiB storage quota has reached the cluster.</summary>
internal static class StorageLab
{
    /// <summary>Creates the people and the namespace, sets the quota as a platform admin and waits for the double to hold it; returns the member.</summary>
    public static async Task<Person> SeedAsync(ClusterAppFactory app, string ns)
    {
        var root = await app.CreatePersonAsync("root", Tier.PlatformAdmin);
        var admin = await app.CreatePersonAsync("labadmin", Tier.Admin);
        var member = await app.CreatePersonAsync("labmember", Tier.User);
        await app.CreateNamespaceAsync(ns, admin, member);
        using (var rootClient = await app.ClientForAsync(root))
        {
            using var put = await rootClient.PutAsJsonAsync($"/api/v1/namespaces/{ns}/quota", new { overrides = new Dictionary<string, string> { ["requests.storage"] = "10Gi" } });
            put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        }
        await Eventually.TrueAsync(async () => await app.Admin.GetAsync<ResourceQuota>(ns, "nereid-quota") is { } q
            && q.Spec?.Hard?.TryGetValue("requests.storage", out var s) == true && s.ToString() == "10Gi", "the storage quota never reached the cluster");
        return member;
    }
}
