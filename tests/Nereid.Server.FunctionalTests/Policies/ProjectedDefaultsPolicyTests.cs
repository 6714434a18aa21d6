using Microsoft.Extensions.Time.Testing;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Kubernetes.Quantities;
using Nereid.Server.Policies;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>The LimitRange defaults Nereid projects and the policies Nereid enforces must agree.</summary>
public sealed class ProjectedDefaultsPolicyTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Evaluate_PodWithoutResourcesGivenProjectedDefaults_PassesEveryPolicy()
    {
        var limitRange = NamespaceProjection.Build(
            new NamespaceSnapshot("ns1", "UCSD", ["Ada"], "", [], [new MemberSnapshot("a@x.edu", true)]), new ProjectionOptions()).LimitRange;
        var pod = new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = "web-7d9f-abcde", Namespace = "ns1", CreationTimestamp = _time.GetUtcNow().AddHours(-7),
                OwnerReferences = [new OwnerReference { Kind = "ReplicaSet", Name = "web-7d9f", Controller = true }],
            },
            Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "nginx" }, new Container { Name = "sidecar", Image = "envoy" }] },
        };
        ApplyContainerDefaults(limitRange, pod);
        var snapshot = new WorkloadSnapshot();
        snapshot.Add("c1", [pod], [], []);
        // Idle and busy: the usage-ratio policies must not flag a defaulted pod either way (it is within the tiny-pod exemption).
        var idle = new UsageMetrics();
        idle.CpuCores[("", "ns1", pod.Metadata.Name!)] = 0.001;
        idle.MemoryBytes[("", "ns1", pod.Metadata.Name!)] = 1024 * 1024;

        var findings = new PolicyEvaluator(new PolicyOptions()).Evaluate(snapshot, idle, [], _time.GetUtcNow());

        pod.Spec.Containers[0].Resources!.Limits!["cpu"].ToString().ShouldBe("600m");
        findings.ShouldBeEmpty();
    }

    /// <summary>What the LimitRanger admission plugin does to a container: missing limits from <c>default</c>, missing requests from <c>defaultRequest</c>.</summary>
    private static void ApplyContainerDefaults(LimitRange limitRange, Pod pod)
    {
        var item = limitRange.Spec!.Limits!.Single(l => l.Type == "Container");
        foreach (var c in pod.Spec!.Containers!)
        {
            c.Resources ??= new ResourceRequirements();
            c.Resources.Limits ??= new Dictionary<string, Quantity>();
            c.Resources.Requests ??= new Dictionary<string, Quantity>();
            foreach (var (resource, value) in item.Default ?? [])
                c.Resources.Limits.TryAdd(resource, value);
            foreach (var (resource, value) in item.DefaultRequest ?? [])
                c.Resources.Requests.TryAdd(resource, value);
        }
    }
}
