using System.Net;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Conformance;

[Collection("conformance")]
public sealed class ListWatchTests(ConformanceTarget target)
{
    private async Task<string> SeedAsync(int count)
    {
        var ns = await target.NewNamespaceAsync();
        for (var i = 0; i < count; i++)
        {
            var labels = new Dictionary<string, string> { ["tier"] = i % 2 == 0 ? "web" : "db", ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, $"cm-{i}", labels));
        }
        return ns;
    }

    private async Task<List<string>> NamesAsync(string url)
    {
        var (status, body) = await target.SendAsync(HttpMethod.Get, url);
        status.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        return [.. body["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];
    }

    [Fact, Trait("Rule", "§2 empty list has items [] and resourceVersion")]
    public async Task List_Empty_HasKindItemsAndResourceVersion()
    {
        var ns = await target.NewNamespaceAsync();
        var (_, body) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
        body["kind"]!.GetValue<string>().ShouldBe("ConfigMapList");
        body["items"]!.AsArray().Count.ShouldBe(0);
        body["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Fact, Trait("Rule", "§8 label and field selectors")]
    public async Task List_Selectors_FilterItems()
    {
        var ns = await SeedAsync(4);
        (await NamesAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector=tier%3Dweb")).ShouldBe(["cm-0", "cm-2"]);
        (await NamesAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector=tier!%3Dweb")).ShouldBe(["cm-1", "cm-3"]);
        (await NamesAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector=n%20in%20(1,2)")).ShouldBe(["cm-1", "cm-2"]);
        (await NamesAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector=n%20notin%20(1,2),tier")).ShouldBe(["cm-0", "cm-3"]);
        (await NamesAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector=!tier")).ShouldBeEmpty();
        (await NamesAsync($"/api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.name%3Dcm-3")).ShouldBe(["cm-3"]);
        var (status, body) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?fieldSelector=foo.bar%3Dx");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body["message"]!.GetValue<string>().ShouldBe("\"foo.bar\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    [Fact, Trait("Rule", "§9 limit/continue pagination")]
    public async Task List_LimitAndContinue_PagesThroughAll()
    {
        var ns = await SeedAsync(5);
        var names = new List<string>();
        string? token = null;
        string? firstRv = null;
        do
        {
            var url = $"/api/v1/namespaces/{ns}/configmaps?limit=2" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token));
            var (_, body) = await target.SendAsync(HttpMethod.Get, url);
            body["items"]!.AsArray().Count.ShouldBeLessThanOrEqualTo(2);
            names.AddRange(body["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            firstRv ??= body["metadata"]!["resourceVersion"]!.GetValue<string>();
            body["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(firstRv);
            token = body["metadata"]!["continue"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(token));
        names.ShouldBe(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"]);
    }

    [Fact, Trait("Rule", "§9 expired continue → 410")]
    public async Task List_CompactedContinueToken_Returns410Expired()
    {
        if (!target.IsDouble)
        {
            return; // Compaction can only be forced on the double; a real cluster compacts on its own schedule.
        }
        var ns = await SeedAsync(3);
        var (_, page) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=1");
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "later"));
        target.Double!.Store.Compact();
        var token = page["metadata"]!["continue"]!.GetValue<string>();
        var (status, body) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=1&continue={Uri.EscapeDataString(token)}");
        status.ShouldBe(HttpStatusCode.Gone);
        body["reason"]!.GetValue<string>().ShouldBe("Expired");
    }

    [Fact, Trait("Rule", "§10 watch ADDED/MODIFIED/DELETED + BOOKMARK")]
    public async Task Watch_FromListVersion_StreamsChangesAndBookmark()
    {
        var ns = await target.NewNamespaceAsync();
        var (_, list) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
        var rv = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var watch = await WatchStream.OpenAsync(target.Client, $"/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion={rv}&allowWatchBookmarks=true&timeoutSeconds=10");
        var (_, created) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "w"));
        await target.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/w", new JsonObject { ["data"] = new JsonObject { ["k"] = "v2" } }, "application/merge-patch+json");
        await target.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/w");
        var types = new List<string>();
        while (types.Count(t => t != "BOOKMARK") < 3)
        {
            var e = await watch.NextAsync();
            types.Add(e["type"]!.GetValue<string>());
            if (types[^1] == "ADDED")
            {
                e["object"]!["metadata"]!["uid"]!.GetValue<string>().ShouldBe(created["metadata"]!["uid"]!.GetValue<string>());
            }
        }
        types.Where(t => t != "BOOKMARK").ShouldBe(["ADDED", "MODIFIED", "DELETED"]);
        if (target.IsDouble)
        {
            types.ShouldContain("BOOKMARK");
        }
    }

    [Fact, Trait("Rule", "§10 too old resourceVersion → ERROR 410")]
    public async Task Watch_CompactedVersion_SendsErrorExpired()
    {
        if (!target.IsDouble)
        {
            return; // Compaction can only be forced on the double; a real cluster compacts on its own schedule.
        }
        var ns = await SeedAsync(2);
        target.Double!.Store.Compact();
        using var watch = await WatchStream.OpenAsync(target.Client, $"/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion=1");
        var e = await watch.NextAsync();
        e["type"]!.GetValue<string>().ShouldBe("ERROR");
        e["object"]!["code"]!.GetValue<int>().ShouldBe(410);
        e["object"]!["reason"]!.GetValue<string>().ShouldBe("Expired");
        e["object"]!["message"]!.GetValue<string>().ShouldStartWith("too old resource version: 1 (");
    }
}
