using Nereid.Kubernetes.Models;
using Nereid.Server.Policies;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>Who a pod belongs to: its own record, else its Deployment's (through the ReplicaSet) or Job's, else unknown.</summary>
public sealed class OwnerResolutionTests
{
    private static readonly Deployment Web = new()
    {
        Metadata = { Name = "web", Namespace = "ns1", Annotations = new() { [WorkloadSnapshot.CreatedByKey] = "deployer@example.edu" } },
    };

    private static readonly Job Nap = new()
    {
        Metadata = { Name = "nap", Namespace = "ns1", Labels = new() { [WorkloadSnapshot.CreatedByKey] = "sleeper@example.edu" } },
    };

    [Fact]
    public void Add_PodWithoutRecordInDeployment_TakesTheDeploymentsOwner()
    {
        var facts = Facts(Pod("web-7c9d8f-abcde", "ReplicaSet", "web-7c9d8f", hash: "7c9d8f"));

        facts.Workload.ShouldBe(new WorkloadRef("Deployment", "web"));
        facts.OwnerHint.ShouldBe("deployer@example.edu");
    }

    [Fact]
    public void Add_PodWithoutRecordInJob_TakesTheJobsOwner()
    {
        var facts = Facts(Pod("nap-x1y2z", "Job", "nap"));

        facts.Workload.ShouldBe(new WorkloadRef("Job", "nap"));
        facts.OwnerHint.ShouldBe("sleeper@example.edu");
    }

    [Fact]
    public void Add_PodWithItsOwnRecord_KeepsItOverTheWorkloads()
    {
        var pod = Pod("web-7c9d8f-fghij", "ReplicaSet", "web-7c9d8f", hash: "7c9d8f");
        pod.Metadata.Annotations = new() { [WorkloadSnapshot.CreatedByKey] = " runner@example.edu " };

        Facts(pod).OwnerHint.ShouldBe("runner@example.edu");
    }

    [Fact]
    public void Add_NoRecordAnywhere_LeavesTheOwnerUnknown()
    {
        var bare = Facts(Pod("bare", null, null));
        var orphan = Facts(Pod("other-7c9d8f-abcde", "ReplicaSet", "other-7c9d8f", hash: "7c9d8f"));

        bare.OwnerHint.ShouldBeNull();
        orphan.OwnerHint.ShouldBeNull();
        // A ReplicaSet whose Deployment is not known stays the workload.
        orphan.Workload.ShouldBe(new WorkloadRef("ReplicaSet", "other-7c9d8f"));
    }

    [Fact]
    public void WorkloadOf_DeploymentNameWithDashes_CutsOnlyThePodTemplateHash()
    {
        var pod = Pod("my-web-app-5f6d7c8b9-abcde", "ReplicaSet", "my-web-app-5f6d7c8b9", hash: "5f6d7c8b9");

        WorkloadSnapshot.WorkloadOf(pod.Metadata, d => d == "my-web-app").ShouldBe(new WorkloadRef("Deployment", "my-web-app"));
    }

    private static PodFacts Facts(Pod pod)
    {
        var snapshot = new WorkloadSnapshot();
        snapshot.Add("c1", [pod], [Web], [Nap]);
        return snapshot.Pods.Single();
    }

    private static Pod Pod(string name, string? ownerKind, string? ownerName, string? hash = null)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = "ns1" }, Spec = new PodSpec { Containers = [new Container { Name = "main" }] } };
        if (ownerKind is not null)
            pod.Metadata.OwnerReferences = [new OwnerReference { Kind = ownerKind, Name = ownerName, Controller = true }];
        if (hash is not null)
            pod.Metadata.Labels = new() { ["pod-template-hash"] = hash };
        return pod;
    }
}
