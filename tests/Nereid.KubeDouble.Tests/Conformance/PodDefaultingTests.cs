using System.Net;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Conformance;

/// <summary>
/// What a created pod reads back with: the core/v1 scheme defaults (SetDefaults_Pod/_PodSpec/_Container), the default
/// admission plugins (ServiceAccount, Priority, DefaultTolerationSeconds) and the create strategy (phase, QoS class).
/// SEMANTICS.md has no section for these yet; the rules are named after the apiserver code that applies them.
/// </summary>
[Collection("conformance")]
public sealed class PodDefaultingTests(ConformanceTarget target)
{
    [Fact, Trait("Rule", "SetDefaults_PodSpec/_Container; create strategy phase Pending")]
    public async Task Create_MinimalPod_ReadsBackWithSchemeDefaults()
    {
        var ns = await target.NewNamespaceAsync();
        var (status, _) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod(ns, "p", new JsonObject { ["name"] = "main", ["image"] = "busybox" }));
        status.ShouldBe(HttpStatusCode.Created);

        var (_, pod) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/p");

        var spec = pod["spec"]!;
        spec["restartPolicy"]!.GetValue<string>().ShouldBe("Always");
        spec["dnsPolicy"]!.GetValue<string>().ShouldBe("ClusterFirst");
        spec["terminationGracePeriodSeconds"]!.GetValue<long>().ShouldBe(30);
        spec["schedulerName"]!.GetValue<string>().ShouldBe("default-scheduler");
        spec["enableServiceLinks"]!.GetValue<bool>().ShouldBeTrue();
        spec["securityContext"]!.AsObject().ShouldNotBeNull();
        spec["serviceAccountName"]!.GetValue<string>().ShouldBe("default");
        spec["priority"]!.GetValue<long>().ShouldBe(0);
        var container = spec["containers"]![0]!;
        container["terminationMessagePath"]!.GetValue<string>().ShouldBe("/dev/termination-log");
        container["terminationMessagePolicy"]!.GetValue<string>().ShouldBe("File");
        container["imagePullPolicy"]!.GetValue<string>().ShouldBe("Always");
        pod["status"]!["phase"]!.GetValue<string>().ShouldBe("Pending");
        pod["status"]!["qosClass"]!.GetValue<string>().ShouldBe("BestEffort");
    }

    [Theory, Trait("Rule", "SetDefaults_Container imagePullPolicy by tag")]
    [InlineData("busybox", "Always")]
    [InlineData("busybox:latest", "Always")]
    [InlineData("busybox:1.36", "IfNotPresent")]
    [InlineData("registry.example.org:5000/team/busybox", "Always")]
    [InlineData("registry.example.org:5000/team/busybox:v2", "IfNotPresent")]
    [InlineData("busybox@sha256:4b9e8e7d2f8e6c1b5c5c3f8d2e2a7b1f0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f", "IfNotPresent")]
    public async Task Create_PodImage_GetsPullPolicyByTag(string image, string expected)
    {
        var ns = await target.NewNamespaceAsync();
        var (status, pod) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod(ns, "p", new JsonObject { ["name"] = "main", ["image"] = image }));
        status.ShouldBe(HttpStatusCode.Created);
        pod["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>().ShouldBe(expected);
    }

    [Fact, Trait("Rule", "DefaultTolerationSeconds admission")]
    public async Task Create_PodWithoutTolerations_GetsNotReadyAndUnreachableFor300Seconds()
    {
        var ns = await target.NewNamespaceAsync();
        var (_, pod) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod(ns, "p", new JsonObject { ["name"] = "main", ["image"] = "busybox:1.36" }));

        var tolerations = pod["spec"]!["tolerations"]!.AsArray().Select(t => t!.AsObject()).ToList();

        tolerations.Count.ShouldBe(2);
        foreach (var (t, key) in tolerations.Zip(new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" }))
        {
            t["key"]!.GetValue<string>().ShouldBe(key);
            t["operator"]!.GetValue<string>().ShouldBe("Exists");
            t["effect"]!.GetValue<string>().ShouldBe("NoExecute");
            t["tolerationSeconds"]!.GetValue<long>().ShouldBe(300);
        }
    }

    [Fact, Trait("Rule", "DefaultTolerationSeconds admission keeps a pod's own toleration")]
    public async Task Create_PodToleratingNotReady_KeepsItsOwnAndGetsUnreachable()
    {
        var ns = await target.NewNamespaceAsync();
        var body = Pod(ns, "p", new JsonObject { ["name"] = "main", ["image"] = "busybox:1.36" });
        body["spec"]!["tolerations"] = new JsonArray(new JsonObject
        {
            ["key"] = "node.kubernetes.io/not-ready", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 60,
        });

        var (_, pod) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", body);

        var tolerations = pod["spec"]!["tolerations"]!.AsArray();
        tolerations.Count.ShouldBe(2);
        tolerations[0]!["tolerationSeconds"]!.GetValue<long>().ShouldBe(60);
        tolerations[1]!["key"]!.GetValue<string>().ShouldBe("node.kubernetes.io/unreachable");
        tolerations[1]!["tolerationSeconds"]!.GetValue<long>().ShouldBe(300);
    }

    [Fact, Trait("Rule", "SetDefaults_Pod requests from limits (extended resources too)")]
    public async Task Create_PodWithLimitsOnly_CopiesEveryLimitToRequestsAndIsGuaranteed()
    {
        var ns = await target.NewNamespaceAsync();
        var container = new JsonObject
        {
            ["name"] = "train", ["image"] = "pytorch/pytorch:2.5",
            ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "2", ["memory"] = "8Gi", ["nvidia.com/gpu"] = "1" } },
        };

        var (status, pod) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod(ns, "p", container));

        status.ShouldBe(HttpStatusCode.Created);
        var requests = pod["spec"]!["containers"]![0]!["resources"]!["requests"]!;
        requests["cpu"]!.GetValue<string>().ShouldBe("2");
        requests["memory"]!.GetValue<string>().ShouldBe("8Gi");
        requests["nvidia.com/gpu"]!.GetValue<string>().ShouldBe("1");
        pod["status"]!["qosClass"]!.GetValue<string>().ShouldBe("Guaranteed");
    }

    [Fact, Trait("Rule", "SetDefaults_Pod keeps explicit requests")]
    public async Task Create_PodWithSomeRequests_CopiesOnlyMissingOnesAndIsBurstable()
    {
        var ns = await target.NewNamespaceAsync();
        var container = new JsonObject
        {
            ["name"] = "main", ["image"] = "busybox:1.36",
            ["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { ["cpu"] = "500m" },
                ["limits"] = new JsonObject { ["cpu"] = "1", ["memory"] = "1Gi" },
            },
        };

        var (_, pod) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod(ns, "p", container));

        var requests = pod["spec"]!["containers"]![0]!["resources"]!["requests"]!;
        requests["cpu"]!.GetValue<string>().ShouldBe("500m");
        requests["memory"]!.GetValue<string>().ShouldBe("1Gi");
        pod["status"]!["qosClass"]!.GetValue<string>().ShouldBe("Burstable");
    }

    [Fact, Trait("Rule", "§2 dryRun=All runs defaulting and admission")]
    public async Task Create_DryRunPod_ReturnsDefaultedPodStoresNothing()
    {
        var ns = await target.NewNamespaceAsync();
        var (status, pod) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods?dryRun=All", Pod(ns, "p", new JsonObject { ["name"] = "main", ["image"] = "busybox" }));
        status.ShouldBe(HttpStatusCode.Created);
        pod["status"]!["phase"]!.GetValue<string>().ShouldBe("Pending");
        pod["spec"]!["tolerations"]!.AsArray().Count.ShouldBe(2);
        var (getStatus, _) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/p");
        getStatus.ShouldBe(HttpStatusCode.NotFound);
    }

    private static JsonObject Pod(string ns, string name, JsonObject container) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(container) },
    };
}
