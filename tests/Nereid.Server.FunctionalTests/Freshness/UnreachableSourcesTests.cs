using System.Net;
using ClusterAppFactory = Nereid.Server.FunctionalTests.Clusters.ClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Freshness;

/// <summary>With the cluster stopped and Prometheus unreachable, no page or API calls anything live, Ready or clean.</summary>
public sealed class UnreachableSourcesTests(UnreachableWorld world) : IClassFixture<UnreachableWorld>
{
    [Fact]
    public async Task NamespacePage_ClusterStopped_SaysUnreachableSinceAndShowsLastKnownAsStale()
    {
        var page = await world.OwnerPages.GetAsync($"/namespaces/{UnreachableWorld.Namespace}");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain($"cluster {ClusterAppFactory.ClusterName} (");
        page.Decoded.ShouldContain("is unreachable</strong> since <time datetime=\"");
        page.Decoded.ShouldContain("<span class=\"condition condition-unknown\">Unknown</span>");
        page.Decoded.ShouldContain("(cluster unreachable; last known: Ready)");
        page.Decoded.ShouldContain("<td>ClusterUnreachable</td>");
        page.Decoded.ShouldNotContain("condition-ready");
    }

    [Fact]
    public async Task HomePage_ClusterStopped_SaysUnreachableSinceAndNeverReady()
    {
        var page = await world.OwnerPages.GetAsync("/home");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("is unreachable</strong> since <time datetime=\"");
        page.Decoded.ShouldContain($"{ClusterAppFactory.ClusterName}: Unknown</span>");
        page.Decoded.ShouldContain("(unreachable; last known Ready)");
        page.Decoded.ShouldNotContain("condition-ready");
    }

    [Fact]
    public async Task HomePage_ClusterStopped_StorageSaysTheClusterDoesNotAnswerNeverNone()
    {
        var page = await world.OwnerPages.GetAsync("/home");

        page.Status.ShouldBe(HttpStatusCode.OK);
        var start = page.Decoded.IndexOf("id=\"home-storage\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, "the storage of the owner's namespace is listed");
        var storage = page.Decoded[start..page.Decoded.IndexOf("</table>", start, StringComparison.Ordinal)];
        storage.ShouldContain($"<a href=\"/storage\">{UnreachableWorld.Namespace}</a> on {ClusterAppFactory.ClusterName}");
        storage.ShouldContain($"cluster {ClusterAppFactory.ClusterName} (");
        storage.ShouldContain("is unreachable</strong> since <time datetime=\"");
        storage.ShouldContain($"Not read: cluster {ClusterAppFactory.ClusterName} (");
        storage.ShouldNotContain("<span>none</span>");
        page.Decoded.ShouldNotContain("No volumes or buckets yet");
    }

    [Fact]
    public async Task NamespaceStatusApi_ClusterStopped_UnknownStaleWithReasonAndObservedAt()
    {
        var doc = await world.GetJsonAsync($"/api/v1/namespaces/{UnreachableWorld.Namespace}/status");

        var item = doc.GetProperty("items")[0];
        item.GetProperty("condition").GetString().ShouldBe("Unknown");
        item.GetProperty("lastKnownCondition").GetString().ShouldBe("Ready");
        item.GetProperty("stale").GetBoolean().ShouldBeTrue();
        item.GetProperty("staleReason").GetString()!.ShouldContain("has not answered since");
        item.GetProperty("observedAt").GetDateTimeOffset().ShouldBeLessThan(item.GetProperty("unreachableSince").GetDateTimeOffset());
    }

    [Fact]
    public async Task ResourcesPage_ClusterStopped_SaysUnreachableAndLastKnownNeverCurrent()
    {
        var page = await world.OwnerPages.GetAsync("/resources");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("is unreachable</strong> since <time datetime=\"");
        page.Decoded.ShouldContain("1 cluster; last known state as of <time");
        page.Decoded.ShouldNotContain("current as of");
        page.Decoded.ShouldNotContain("live");
    }

    [Fact]
    public async Task ResourcesApi_ClusterStopped_StaleWithReasonPerCluster()
    {
        foreach (var url in new[] { "/api/v1/resources/summary", "/api/v1/resources/nodes" })
        {
            var doc = await world.GetJsonAsync(url);

            doc.GetProperty("stale").GetBoolean().ShouldBeTrue(url);
            var cluster = doc.GetProperty("clusterList")[0];
            cluster.GetProperty("stale").GetBoolean().ShouldBeTrue(url);
            cluster.GetProperty("reason").GetString()!.ShouldContain(ClusterAppFactory.ClusterName);
            cluster.GetProperty("unreachableSince").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
            cluster.GetProperty("observedAt").GetDateTimeOffset().ShouldBeLessThanOrEqualTo(cluster.GetProperty("unreachableSince").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task ViolationsPage_PrometheusAndClusterUnreachable_SaysWhatWasNotJudgedNeverNoViolations()
    {
        var page = await world.OwnerPages.GetAsync("/violations");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("Prometheus (http://127.0.0.1:9/) is unreachable</strong> since <time datetime=\"");
        page.Decoded.ShouldContain("Usage policies (GPU idle, CPU and memory use, pod budget) are not judged:");
        page.Decoded.ShouldContain($"Workloads on cluster {ClusterAppFactory.ClusterName} are not judged:");
        page.Decoded.ShouldNotContain("No violations.");
    }

    [Fact]
    public async Task ViolationsApi_PrometheusUnreachable_StaleWithNotJudged()
    {
        var doc = await world.GetJsonAsync("/api/v1/violations");

        doc.GetProperty("stale").GetBoolean().ShouldBeTrue();
        doc.GetProperty("notJudged").EnumerateArray().Select(e => e.GetString()).ShouldContain(s => s!.StartsWith("Usage policies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SourcesApi_BothUnreachable_ListsEachWithSinceAndReason()
    {
        var doc = await world.GetJsonAsync("/api/v1/sources");

        var items = doc.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("kind").GetString()).ShouldBe(["cluster", "prometheus"]);
        foreach (var i in items)
        {
            i.GetProperty("state").GetString().ShouldBe("unreachable");
            i.GetProperty("stale").GetBoolean().ShouldBeTrue();
            i.GetProperty("unreachableSince").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
            i.GetProperty("reason").GetString()!.ShouldContain("has not answered since");
        }
        items[0].GetProperty("lastSuccessAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
    }
}
