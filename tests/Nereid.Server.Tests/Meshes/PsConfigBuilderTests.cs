using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Models;
using Nereid.Server.Meshes;

namespace Nereid.Server.Tests.Meshes;

/// <summary>pSConfig documents built from a seeded inventory, checked against the official schema and for their content.</summary>
public sealed class PsConfigBuilderTests
{
    private static readonly MeshOptions Options = new() { ArchiveUrl = "https://archive.example.org/logstash" };

    /// <summary>1,000 nodes over 5 regions, 4 sites each, three capacities; every seventh node is not a testpoint.</summary>
    private static List<MeshHost> Inventory()
    {
        var nodes = Enumerable.Range(0, 1000).Select(i => JsonSerializer.Deserialize<Node>(new JsonObject
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
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = $"10.{i / 250}.{i % 250}.7" },
                    new JsonObject { ["type"] = "Hostname", ["address"] = $"node-{i:D4}" }),
            },
        }, KubeJson.Options)!).ToList();
        return [.. MeshHost.From("alpha", nodes.Take(500), Options).Concat(MeshHost.From("beta", nodes.Skip(500), Options))];
    }

    [Theory]
    // By name: MeshKind is internal to the server, and a public theory cannot take it as a parameter.
    [InlineData(nameof(MeshKind.Region), 5)]
    [InlineData(nameof(MeshKind.Site), 20)]
    [InlineData(nameof(MeshKind.Capacity), 3)]
    public void Build_ThousandNodesOverFiveRegions_ValidatesAndHoldsEveryTestpoint(string meshKind, int groups)
    {
        var kind = Enum.Parse<MeshKind>(meshKind);
        var hosts = Inventory();

        var json = JsonSerializer.SerializeToUtf8Bytes(PsConfigBuilder.Build(kind, hosts, Options));

        PsConfigSchema.Errors(json).ShouldBeEmpty();
        var doc = JsonNode.Parse(json)!.AsObject();
        hosts.Count.ShouldBe(858);
        doc["addresses"]!.AsObject().Count.ShouldBe(858);
        doc["addresses"]!["alpha.node-0000.example.org"]!["address"]!.GetValue<string>().ShouldBe("10.0.0.7");
        doc["addresses"]!.AsObject().ContainsKey("alpha.node-0006.example.org").ShouldBeFalse();
        doc["groups"]!.AsObject().Count.ShouldBe(groups);
        doc["groups"]!.AsObject().Sum(g => g.Value!["addresses"]!.AsArray().Count).ShouldBe(858);
        doc["tasks"]!.AsObject().Count.ShouldBe(groups * 3);
        doc["tasks"]!.AsObject().ShouldAllBe(t => t.Value!["archives"]!.AsArray().Single()!.GetValue<string>() == "nereid-archive");
    }

    [Fact]
    public void Build_RegionMesh_GroupsHostsOfBothClustersByRegionWithConfiguredTests()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(PsConfigBuilder.Build(MeshKind.Region, Inventory(), Options));

        var doc = JsonNode.Parse(json)!.AsObject();
        var region0 = doc["groups"]!["region-region-0"]!;
        region0["type"]!.GetValue<string>().ShouldBe("mesh");
        var names = region0["addresses"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();
        // 200 nodes are in region 0, of which 28 (numbers 20, 55, 90, …) are not testpoints.
        names.Count.ShouldBe(172);
        names.ShouldContain("alpha.node-0000.example.org");
        names.ShouldContain("beta.node-0500.example.org");
        doc["tests"]!["throughput"]!["spec"]!["duration"]!.GetValue<string>().ShouldBe("PT30S");
        doc["tasks"]!["region-region-0--trace"]!["schedule"]!.GetValue<string>().ShouldBe("trace-schedule");
        doc["schedules"]!["trace-schedule"]!["repeat"]!.GetValue<string>().ShouldBe("PT10M");
        doc["tasks"]!["region-region-0--latency"]!.AsObject().ContainsKey("schedule").ShouldBeFalse();
    }

    [Fact]
    public void Build_SameHostsInAnotherOrder_SameBytes()
    {
        var hosts = Inventory();
        var reversed = Enumerable.Reverse(hosts).ToList();

        var a = JsonSerializer.SerializeToUtf8Bytes(PsConfigBuilder.Build(MeshKind.Site, hosts, Options));
        var b = JsonSerializer.SerializeToUtf8Bytes(PsConfigBuilder.Build(MeshKind.Site, reversed, Options));

        b.ShouldBe(a);
    }

    [Fact]
    public void Errors_AddressThatIsNoHost_SchemaRejectsIt()
    {
        // Proves the schema check is real: the same builder output with one address broken fails validation.
        var doc = PsConfigBuilder.Build(MeshKind.Region, Inventory(), Options);
        doc["addresses"]!["alpha.node-0000.example.org"]!["address"] = "not a host!";

        PsConfigSchema.Errors(JsonSerializer.SerializeToUtf8Bytes(doc)).ShouldNotBeEmpty();
    }
}
