using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Meshes;

/// <summary>The published pSConfig documents follow the nodes of the cluster (an API double) and keep a strong ETag.</summary>
public sealed class MeshDocumentTests
{
    private static Node TestPoint(string name, string region, string address, string? capacity = "10G", string hostLabel = "perfsonar.nereid.io/testpoint")
    {
        var labels = new JsonObject
        {
            [hostLabel] = "true", ["topology.kubernetes.io/region"] = region, ["topology.kubernetes.io/zone"] = $"{region}-a",
        };
        if (capacity is not null)
        {
            labels["perfsonar.nereid.io/network-capacity"] = capacity;
        }
        return JsonSerializer.Deserialize<Node>(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["status"] = new JsonObject { ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = address }) },
        }, KubeJson.Options)!;
    }

    // Created, then given its status as a kubelet would (a create may drop status).
    private static async Task AddAsync(KubeClient admin, Node node)
    {
        var created = await admin.CreateAsync(node);
        created.Status = node.Status;
        await admin.UpdateAsync(ResourceType.Of<Node>(), created, "status");
    }

    private static async Task<(HttpStatusCode Status, string? ETag, JsonObject? Doc)> GetAsync(HttpClient http, string? ifNoneMatch = null, string mesh = "region")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/psconfig/{mesh}.json");
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Headers.ETag?.ToString(), body.Length == 0 ? null : JsonNode.Parse(body)!.AsObject());
    }

    private static bool HasAddress(JsonObject? doc, string name) => doc?["addresses"]?.AsObject().ContainsKey(name) == true;

    [Fact]
    public async Task GetPsConfig_NodeAddedThroughTheDouble_AppearsAndETagMovesOnlyWithContent()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        await AddAsync(app.Admin, TestPoint("ps-1", "us-west", "10.0.0.1"));
        await AddAsync(app.Admin, TestPoint("ps-2", "us-east", "10.0.0.2"));
        using var http = app.CreateClient();
        await Eventually.TrueAsync(async () => HasAddress((await GetAsync(http)).Doc, "test.ps-2"), "the seeded testpoints never reached the document");
        var (status, etag, doc) = await GetAsync(http);
        status.ShouldBe(HttpStatusCode.OK);
        etag.ShouldNotBeNull();
        etag.ShouldNotStartWith("W/");
        doc!["groups"]!.AsObject().Select(g => g.Key).ShouldBe(["region-us-east", "region-us-west"]);

        var (notModified, sameTag, empty) = await GetAsync(http, etag);
        notModified.ShouldBe(HttpStatusCode.NotModified);
        sameTag.ShouldBe(etag);
        empty.ShouldBeNull();

        // A change the document does not carry (a label outside the mesh) moves nothing.
        await app.Admin.PatchAsync<Node>(null, "ps-1", """{"metadata":{"labels":{"example.org/rack":"r7"}}}""");
        await AddAsync(app.Admin, TestPoint("ps-3", "us-west", "10.0.0.3"));
        await Eventually.TrueAsync(async () => HasAddress((await GetAsync(http)).Doc, "test.ps-3"), "the added node never reached the document");
        var (_, afterAdd, added) = await GetAsync(http);
        afterAdd.ShouldNotBe(etag);
        added!["groups"]!["region-us-west"]!["addresses"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ShouldBe(["test.ps-1", "test.ps-3"]);
        (await GetAsync(http, etag)).Status.ShouldBe(HttpStatusCode.OK);

        await app.Admin.PatchAsync<Node>(null, "ps-2", """{"metadata":{"labels":{"example.org/rack":"r9"}}}""");
        await app.Admin.DeleteAsync<Node>(null, "ps-3");
        await Eventually.TrueAsync(async () => !HasAddress((await GetAsync(http)).Doc, "test.ps-3"), "the removed node never left the document");
        (await GetAsync(http)).ETag.ShouldBe(etag);
        (await GetAsync(http, etag)).Status.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task GetPsConfig_NonDefaultHostLabelTestsAndLabels_ReachTheDocument()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        app.With("Nereid:Meshes:HostLabel", "example.org/ps-host")
            .With("Nereid:Meshes:CapacityLabel", "example.org/uplink")
            .With("Nereid:Meshes:DisplayName", "Campus mesh")
            .With("Nereid:Meshes:Tests:throughput:Duration", "PT20S")
            .With("Nereid:Meshes:Tests:throughput:Repeat", "PT2H")
            .With("Nereid:Meshes:Tests:owamp:Type", "latencybg");
        var custom = TestPoint("ps-custom", "us-west", "10.0.1.1", capacity: null, hostLabel: "example.org/ps-host");
        custom.Metadata.Labels!["example.org/uplink"] = "40G";
        await AddAsync(app.Admin, custom);
        await AddAsync(app.Admin, TestPoint("ps-default", "us-west", "10.0.1.2"));
        using var http = app.CreateClient();
        await Eventually.TrueAsync(async () => HasAddress((await GetAsync(http)).Doc, "test.ps-custom"), "the testpoint under the configured label never reached the document");

        var (_, _, doc) = await GetAsync(http);
        var (_, _, capacity) = await GetAsync(http, mesh: "capacity");

        HasAddress(doc, "test.ps-default").ShouldBeFalse("the default label no longer marks a testpoint");
        doc!["_meta"]!["display-name"]!.GetValue<string>().ShouldBe("Campus mesh by region");
        var tests = doc["tests"]!.AsObject();
        // Configured tests are added to (or change) the defaults by name; the binder never removes a default.
        tests.Select(t => t.Key).ShouldBe(["latency", "owamp", "throughput", "trace"]);
        tests["owamp"]!["type"]!.GetValue<string>().ShouldBe("latencybg");
        tests["throughput"]!["spec"]!["duration"]!.GetValue<string>().ShouldBe("PT20S");
        doc["schedules"]!["throughput-schedule"]!["repeat"]!.GetValue<string>().ShouldBe("PT2H");
        doc["schedules"]!.AsObject().ContainsKey("owamp-schedule").ShouldBeFalse("a test without Repeat runs continuously");
        doc["tasks"]!["region-us-west--owamp"]!["test"]!.GetValue<string>().ShouldBe("owamp");
        capacity!["groups"]!.AsObject().Select(g => g.Key).ShouldBe(["capacity-40G"], "the capacity mesh groups by the configured label");
    }

    [Fact]
    public async Task MeshesPage_TestpointsWithDashboards_ListsHostsGroupsAndLinks()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        app.With("Nereid:Meshes:Dashboards:MaDDash", "https://maddash.example.org/grid?group={group}&host={host}");
        await AddAsync(app.Admin, TestPoint("ps-1", "us-west", "10.0.0.1", capacity: "100G"));
        using var http = app.CreateClient();
        await Eventually.TrueAsync(async () => HasAddress((await GetAsync(http)).Doc, "test.ps-1"), "the testpoint never reached the document");
        using var anonymous = PageClient.Anonymous(app);

        var page = await anonymous.GetAsync("/meshes");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("<a href=\"/psconfig/region.json\"><code>/psconfig/region.json</code></a> — 1 hosts in 1 groups");
        page.Decoded.ShouldContain("<th scope=\"row\">capacity-100G</th>");
        page.Decoded.ShouldContain("https://maddash.example.org/grid?group=region-us-west&host=10.0.0.1");
    }
}
