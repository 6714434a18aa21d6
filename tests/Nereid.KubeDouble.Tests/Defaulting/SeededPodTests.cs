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

    [Fact]
    public async Task SeedObject_WithCreationTimestamp_KeepsItAndTheStatus()
    {
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        var deployment = JsonNode.Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"old","namespace":"default","creationTimestamp":"2026-11-20T08:00:00Z"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"old"}},"template":{"metadata":{"labels":{"app":"old"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}},"status":{"replicas":1,"readyReplicas":1}}""")!.AsObject();

        kube.SeedObject(deployment, DateTimeOffset.UtcNow);

        var stored = kube.Store.Get(kube.Catalog.Find("apps", "v1", "deployments")!, "default", "old")!;
        stored["metadata"]!["creationTimestamp"]!.GetValue<string>().ShouldBe("2026-11-20T08:00:00Z");
        stored["status"]!["readyReplicas"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task SeedObject_WithoutCreationTimestamp_IsCreatedNow()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { TimeProvider = clock }, CancellationToken.None);
        var pod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""")!.AsObject();

        kube.SeedObject(pod, clock.GetUtcNow());

        kube.Store.Get(kube.Catalog.Find("", "v1", "pods")!, "default", "p")!["metadata"]!["creationTimestamp"]!.GetValue<string>().ShouldBe("2026-12-01T10:00:00Z");
    }
}
