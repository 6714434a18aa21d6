using System.Text.Json;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>The inventory API against a seeded Kubernetes API double, through informers and the real client.</summary>
public sealed class LiveInventoryTests(ResourcesWorld world) : IClassFixture<ResourcesWorld>
{
    [Fact]
    public async Task Nodes_SeededCluster_TypedNumbersAndFreeForMember()
    {
        var body = await ResourcesWorld.GetJsonAsync(world.MemberClient, "/api/v1/resources/nodes");

        body.GetProperty("clusters").GetInt32().ShouldBe(1);
        var nodes = body.GetProperty("items").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!);
        nodes.Count.ShouldBe(6);
        var a100 = nodes["a100-1"];
        a100.GetProperty("gpuProduct").GetString().ShouldBe("NVIDIA-A100-SXM4-80GB");
        a100.GetProperty("allocatable").GetProperty("gpus").GetInt64().ShouldBe(8);
        a100.GetProperty("requested").GetProperty("cpuCores").GetDecimal().ShouldBe(4m);
        a100.GetProperty("requested").GetProperty("memoryBytes").GetInt64().ShouldBe(16L << 30);
        a100.GetProperty("pods").GetInt32().ShouldBe(1);
        nodes["a100-reserved"].GetProperty("schedulableForMe").GetBoolean().ShouldBeTrue();
        nodes["l40-cordoned"].GetProperty("schedulableForMe").GetBoolean().ShouldBeFalse();
        nodes["l40-down"].GetProperty("ready").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Nodes_OutsiderFreeForMe_ReservedNodeLeftOut()
    {
        var body = await ResourcesWorld.GetJsonAsync(world.OutsiderClient, "/api/v1/resources/nodes?freeForMe=true&gpu=a100");

        body.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("name").GetString()).ShouldBe(["a100-1"]);
    }

    [Fact]
    public async Task Summary_MemberAndOutsider_FreeForMeDiffersByReservation()
    {
        var member = await ResourcesWorld.GetJsonAsync(world.MemberClient, "/api/v1/resources/summary");
        var outsider = await ResourcesWorld.GetJsonAsync(world.OutsiderClient, "/api/v1/resources/summary");

        var gpus = member.GetProperty("summary").GetProperty("totals");
        gpus.GetProperty("gpus").GetInt64().ShouldBe(28);
        // 28 minus the 2 in use, minus the 8 of the cordoned and the NotReady L40 nodes (idle but not free).
        gpus.GetProperty("gpusFree").GetInt64().ShouldBe(18);
        gpus.GetProperty("gpusUnavailable").GetInt64().ShouldBe(8);
        var memberA100 = ByType(member, "NVIDIA-A100-SXM4-80GB");
        var outsiderA100 = ByType(outsider, "NVIDIA-A100-SXM4-80GB");
        (memberA100.GetProperty("freeForMe").GetInt64() - outsiderA100.GetProperty("freeForMe").GetInt64()).ShouldBe(8);
        ByType(outsider, "NVIDIA-L40").GetProperty("freeForMe").GetInt64().ShouldBe(4);
        member.GetProperty("summary").GetProperty("byRegion").EnumerateArray().Select(r => r.GetProperty("region").GetString())
            .ShouldBe(["us-east", "us-west"]);
    }

    [Fact]
    public async Task Nodes_PodAddedThenFinished_NumbersFollow()
    {
        world.Kube.SeedObject(KubeObjects.GpuPod("other-lab", "burst", "l40-1", 3), DateTimeOffset.UtcNow);
        await Eventually.TrueAsync(async () => await FreeGpusAsync("l40-1") == 1, "l40-1 shows 1 free GPU");

        world.Kube.SeedObject(KubeObjects.GpuPod("other-lab", "burst", "l40-1", 3, phase: "Succeeded"), DateTimeOffset.UtcNow);
        await Eventually.TrueAsync(async () => await FreeGpusAsync("l40-1") == 4, "l40-1 back to 4 free GPUs");

        world.Kube.SeedObject(KubeObjects.GpuPod("other-lab", "burst2", "l40-1", 1), DateTimeOffset.UtcNow);
        await Eventually.TrueAsync(async () => await FreeGpusAsync("l40-1") == 3, "l40-1 shows 3 free GPUs");
        (await world.App.Client.DeleteAsync(ResourceType.Of<Pod>(), "other-lab", "burst2")).ShouldBeTrue();
        await Eventually.TrueAsync(async () => await FreeGpusAsync("l40-1") == 4, "deleted pod frees its GPU");
    }

    [Fact]
    public async Task NamespaceUsage_Member_CurrentRequestsByGpuType()
    {
        var body = await ResourcesWorld.GetJsonAsync(world.MemberClient, $"/api/v1/namespaces/{ResourcesWorld.Namespace}/usage");

        var total = body.GetProperty("total");
        total.GetProperty("gpus").GetInt64().ShouldBe(2);
        total.GetProperty("cpuCores").GetDecimal().ShouldBe(4m);
        total.GetProperty("gpusByType").GetProperty("NVIDIA-A100-SXM4-80GB").GetInt64().ShouldBe(2);
        body.GetProperty("byCluster").GetProperty("double").GetProperty("pods").GetInt32().ShouldBe(1);
    }

    private async Task<long> FreeGpusAsync(string node)
    {
        var body = await ResourcesWorld.GetJsonAsync(world.OutsiderClient, "/api/v1/resources/nodes?region=us-east");
        return body.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("name").GetString() == node).GetProperty("free").GetProperty("gpus").GetInt64();
    }

    private static JsonElement ByType(JsonElement summary, string type) =>
        summary.GetProperty("summary").GetProperty("byGpuType").EnumerateArray().Single(t => t.GetProperty("type").GetString() == type);
}
