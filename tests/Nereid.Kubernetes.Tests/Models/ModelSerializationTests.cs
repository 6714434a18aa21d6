using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Models;

public class ModelSerializationTests
{
    [Fact]
    public void Deserialize_GpuNodeFixture_ReadsLabelsCapacityAndConditions()
    {
        var node = JsonSerializer.Deserialize(Fixture.Read("node-gpu-gfd.json"), KubeJson.TypeInfo<Node>())!;

        node.Metadata.Labels!["nvidia.com/gpu.product"].ShouldBe("NVIDIA-A16-4Q");
        node.Metadata.Labels["nvidia.com/gpu.count"].ShouldBe("1");
        node.Status!.Capacity!["nvidia.com/gpu"].ToInt64().ShouldBe(1);
        node.Status.Allocatable!["nvidia.com/gpu"].ToInt64().ShouldBe(1);
        node.Status.Capacity["memory"].ToDecimal().ShouldBeGreaterThan(0m);
        node.Status.Conditions!.ShouldContain(c => c.Type == "Ready");
        node.Metadata.CreationTimestamp.ShouldNotBeNull();
    }

    [Fact]
    public void Deserialize_NodeListFixture_ReadsItems()
    {
        var list = JsonSerializer.Deserialize(Fixture.Read("node-list-gpu-gfd.json"), KubeJson.TypeInfo<KubeList<Node>>())!;

        list.Items.Count.ShouldBe(1);
        list.Items[0].Status!.Allocatable!["nvidia.com/gpu"].ToInt64().ShouldBe(1);
    }

    [Fact]
    public void Deserialize_GpuPodFixture_ReadsLimitsAndTolerations()
    {
        var pod = JsonSerializer.Deserialize(Fixture.Read("pod-gpu-request.json"), KubeJson.TypeInfo<Pod>())!;

        var container = pod.Spec!.Containers!.Single();
        container.Resources!.Limits!["nvidia.com/gpu"].ToInt64().ShouldBe(1);
        pod.Spec.Tolerations!.ShouldContain(t => t.Key == "nvidia.com/gpu" && t.Effect == "NoSchedule");
    }

    [Fact]
    public void RoundTrip_UnknownFields_ArePreserved()
    {
        const string json = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","futureMeta":1},"spec":{"nodeName":"n1","hostNetwork":true,"containers":[{"name":"c","ports":[{"containerPort":80}]}]},"status":{"phase":"Running","podIP":"10.0.0.1"},"extraTop":"x"}""";

        var pod = JsonSerializer.Deserialize(json, KubeJson.TypeInfo<Pod>())!;
        var back = JsonNode.Parse(JsonSerializer.Serialize(pod, KubeJson.TypeInfo<Pod>()))!;

        JsonNode.DeepEquals(back, JsonNode.Parse(json)).ShouldBeTrue();
        pod.Spec!.NodeName.ShouldBe("n1");
        pod.Status!.Phase.ShouldBe("Running");
    }

    [Fact]
    public void Serialize_NewObject_OmitsNullsAndDefaults()
    {
        var binding = new RoleBinding
        {
            Metadata = new ObjectMeta { Name = "rb", Namespace = "a" },
            RoleRef = new RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "edit" },
            Subjects = [new Subject { Kind = "Group", Name = "oidc:team-a" }],
        };

        JsonSerializer.Serialize(binding, KubeJson.TypeInfo<RoleBinding>()).ShouldBe(
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"rb","namespace":"a"},"subjects":[{"kind":"Group","name":"oidc:team-a"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"}}""");
    }

    [Fact]
    public void Unstructured_ArbitraryKind_KeepsFieldsInJsonObject()
    {
        var obj = JsonSerializer.Deserialize(
            """{"apiVersion":"nereid.io/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":3}}""", KubeJson.TypeInfo<UnstructuredObject>())!;

        obj.Kind.ShouldBe("Widget");
        obj["spec"]!["size"]!.GetValue<int>().ShouldBe(3);
        obj["status"] = new JsonObject { ["ready"] = true };
        obj["spec"] = null;

        JsonSerializer.Serialize(obj, KubeJson.TypeInfo<UnstructuredObject>())
            .ShouldBe("""{"apiVersion":"nereid.io/v1","kind":"Widget","metadata":{"name":"w"},"status":{"ready":true}}""");
    }

    [Fact]
    public void Lease_MicroTimes_RoundTrip()
    {
        var lease = JsonSerializer.Deserialize(
            """{"metadata":{"name":"l","namespace":"n"},"spec":{"holderIdentity":"a","leaseDurationSeconds":15,"renewTime":"2026-01-01T00:00:01.123456Z","leaseTransitions":2}}""",
            KubeJson.TypeInfo<Lease>())!;

        lease.Spec!.RenewTime!.Value.ToUnixTimeMilliseconds().ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 0, 1, 123, TimeSpan.Zero).ToUnixTimeMilliseconds());
        lease.Spec.LeaseTransitions.ShouldBe(2);
        lease.Key.ShouldBe("n/l");
        lease.Spec.AcquireTime = new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(1));
        var json = JsonSerializer.Serialize(lease, KubeJson.TypeInfo<Lease>());
        json.ShouldContain("\"renewTime\":\"2026-01-01T00:00:01.123456Z\"");
        json.ShouldContain("\"acquireTime\":\"2026-01-01T01:00:00.000000Z\"");
    }
}
