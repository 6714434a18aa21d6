using System.Net;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Tests.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Nereid.KubeDouble.Tests.Namespaces;

/// <summary>
/// The double's namespace controller (SEMANTICS.md §7): a terminating namespace is emptied, retried until nothing is
/// left, then removed — whatever clock the double stamps timestamps with.
/// </summary>
public sealed class NamespaceFinalizationTests
{
    [Fact, Trait("Rule", "§7 namespace controller empties and removes a terminating namespace")]
    public async Task Delete_DoubleOnTestClockNeverAdvanced_NamespaceStillVanishes()
    {
        // The clock only stamps timestamps; the controller's delays must not wait for it, or a deleted namespace
        // stays Terminating forever (its first pass deleted the content, the next one waited on a clock that never moved).
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-8));
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { TimeProvider = clock }, CancellationToken.None);
        using var http = kube.CreateClient();
        await CreateNamespaceAsync(http, "frozen");
        (await http.PostAsync("/api/v1/namespaces/frozen/configmaps", ConformanceTarget.Json(ConformanceTarget.ConfigMap("frozen", "cm")))).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await http.DeleteAsync("/api/v1/namespaces/frozen")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await WaitForStatusAsync(http, "/api/v1/namespaces/frozen", HttpStatusCode.NotFound, TimeSpan.FromSeconds(10))).ShouldBeTrue("the namespace stayed Terminating");
        kube.Store.List(kube.Catalog.Find("", "v1", "configmaps")!, "frozen").Items.ShouldBeEmpty();
    }

    [Fact, Trait("Rule", "§7 content with finalizers holds the namespace until released")]
    public async Task Delete_ContentWithFinalizer_NamespaceWaitsThenVanishesOnRelease()
    {
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        using var http = kube.CreateClient();
        await CreateNamespaceAsync(http, "held");
        var cm = ConformanceTarget.ConfigMap("held", "cm");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        (await http.PostAsync("/api/v1/namespaces/held/configmaps", ConformanceTarget.Json(cm))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await http.DeleteAsync("/api/v1/namespaces/held")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The controller keeps retrying: the object is marked, and the namespace stays Terminating meanwhile.
        (await WaitForAsync(async () => JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/held/configmaps/cm"))!["metadata"]!["deletionTimestamp"] is not null, TimeSpan.FromSeconds(10))).ShouldBeTrue();
        await Task.Delay(300);
        var ns = JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/held"))!;
        ns["status"]!["phase"]!.GetValue<string>().ShouldBe("Terminating");

        using var release = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/namespaces/held/configmaps/cm")
        {
            Content = ConformanceTarget.Json(new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, "application/merge-patch+json"),
        };
        (await http.SendAsync(release)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await WaitForStatusAsync(http, "/api/v1/namespaces/held", HttpStatusCode.NotFound, TimeSpan.FromSeconds(10))).ShouldBeTrue("the namespace stayed Terminating");
    }

    [Fact, Trait("Rule", "§7 no new content in a terminating namespace")]
    public async Task Create_WhileNamespaceTerminating_Returns403AndLeavesNoContent()
    {
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { NamespaceFinalizeDelay = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        using var http = kube.CreateClient();
        await CreateNamespaceAsync(http, "closing");
        (await http.DeleteAsync("/api/v1/namespaces/closing")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await http.PostAsync("/api/v1/namespaces/closing/configmaps", ConformanceTarget.Json(ConformanceTarget.ConfigMap("closing", "late")));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await WaitForStatusAsync(http, "/api/v1/namespaces/closing", HttpStatusCode.NotFound, TimeSpan.FromSeconds(10))).ShouldBeTrue();
        kube.Store.List(kube.Catalog.Find("", "v1", "configmaps")!, "closing").Items.ShouldBeEmpty();
    }

    private static async Task CreateNamespaceAsync(HttpClient http, string name)
    {
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };
        (await http.PostAsync("/api/v1/namespaces", ConformanceTarget.Json(body))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static Task<bool> WaitForStatusAsync(HttpClient http, string url, HttpStatusCode expected, TimeSpan limit) =>
        WaitForAsync(async () => (await http.GetAsync(url)).StatusCode == expected, limit);

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }
}
