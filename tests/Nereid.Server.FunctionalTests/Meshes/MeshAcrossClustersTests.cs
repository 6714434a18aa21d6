using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Placement;
using Nereid.Server.Tests.Meshes;
using static Nereid.Server.FunctionalTests.Placement.TwoClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Meshes;

/// <summary>
/// The published pSConfig documents for a seeded inventory of 1,000 nodes over 5 regions, split between two clusters
/// (two API doubles): every document, as served, validates against the official schema and holds the testpoints of both.
/// </summary>
public sealed class MeshAcrossClustersTests
{
    /// <summary>Nodes <paramref name="from"/>.. of the inventory: region i%5, four sites a region, three capacities; every seventh is no testpoint.</summary>
    private static IEnumerable<JsonObject> Nodes(int from, int count) => Enumerable.Range(from, count).Select(i => new JsonObject
    {
        ["apiVersion"] = "v1", ["kind"] = "Node",
        ["metadata"] = new JsonObject
        {
            ["name"] = $"node-{i:D4}.example.org",
            ["labels"] = new JsonObject
            {
                ["topology.kubernetes.io/region"] = $"region-{i % 5}", ["topology.kubernetes.io/zone"] = $"site-{i % 5}-{i / 5 % 4}",
                ["perfsonar.nereid.io/network-capacity"] = (i % 3) switch { 0 => "10G", 1 => "25G", _ => "100G" },
                ["perfsonar.nereid.io/testpoint"] = i % 7 == 6 ? "false" : "true",
            },
        },
        ["status"] = new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = $"10.{i / 250}.{i % 250}.7" }),
        },
    });

    [Fact]
    public async Task GetPsConfig_ThousandNodesOverFiveRegionsOnTwoClusters_EveryDocumentValidatesAndHoldsBothClusters()
    {
        await using var app = await TwoClusterAppFactory.StartAsync((cluster, o) =>
            o.SeedObjects.AddRange(cluster == East ? Nodes(0, 500) : Nodes(500, 500)));
        using var http = app.CreateClient();
        // 1,000 nodes of which every seventh (142) is no testpoint.
        await Eventually.TrueAsync(async () => (await GetAsync(http, "region")).Doc?["addresses"]?.AsObject().Count == 858,
            "the testpoints of both clusters never all reached the document");

        foreach (var (mesh, groups) in new[] { ("region", 5), ("site", 20), ("capacity", 3) })
        {
            var (status, etag, doc, bytes) = await GetAsync(http, mesh);

            status.ShouldBe(HttpStatusCode.OK);
            PsConfigSchema.Errors(bytes).ShouldBeEmpty($"{mesh}.json");
            doc!["addresses"]!.AsObject().Count.ShouldBe(858);
            doc["groups"]!.AsObject().Count.ShouldBe(groups, mesh);
            doc["groups"]!.AsObject().Sum(g => g.Value!["addresses"]!.AsArray().Count).ShouldBe(858);
            doc["addresses"]!["east.node-0000.example.org"]!["address"]!.GetValue<string>().ShouldBe("10.0.0.7");
            doc["addresses"]!["west.node-0999.example.org"]!["address"]!.GetValue<string>().ShouldBe("10.3.249.7");
            doc["addresses"]!.AsObject().ContainsKey("east.node-0006.example.org").ShouldBeFalse();
            (await GetAsync(http, mesh, etag)).Status.ShouldBe(HttpStatusCode.NotModified);
        }
    }

    private static async Task<(HttpStatusCode Status, string? ETag, JsonObject? Doc, byte[] Bytes)> GetAsync(HttpClient http, string mesh, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/psconfig/{mesh}.json");
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, response.Headers.ETag?.ToString(), bytes.Length == 0 ? null : JsonNode.Parse(bytes)!.AsObject(), bytes);
    }
}
