using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Defaulting;

/// <summary>Seeds stand for state a cluster already reached: spec defaults apply, the status is the seed's own.</summary>
public sealed class SeededPodTests
{
    [Fact]
    public async Task SeedObject_PodWithoutStatus_GetsSpecDefaultsButNoPendingStatus()
    {
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        var pod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"busybox","resources":{"limits":{"nvidia.com/gpu":"2"}}}]}}""")!.AsObject();

        kube.SeedObject(pod, DateTimeOffset.UtcNow);

        var stored = kube.Store.Get(kube.Catalog.Find("", "v1", "pods")!, "default", "p")!;
        stored["spec"]!["dnsPolicy"]!.GetValue<string>().ShouldBe("ClusterFirst");
        stored["spec"]!["containers"]![0]!["resources"]!["requests"]!["nvidia.com/gpu"]!.GetValue<string>().ShouldBe("2");
        stored["spec"]!["tolerations"]!.AsArray().Count.ShouldBe(2);
        stored.ContainsKey("status").ShouldBeFalse();
    }

    [Fact]
    public async Task SeedObject_RunningPod_KeepsSeededStatus()
    {
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        var pod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"busybox"}]},"status":{"phase":"Running"}}""")!.AsObject();

        kube.SeedObject(pod, DateTimeOffset.UtcNow);

        var stored = kube.Store.Get(kube.Catalog.Find("", "v1", "pods")!, "default", "p")!;
        stored["status"]!["phase"]!.GetValue<string>().ShouldBe("Running");
    }
}
