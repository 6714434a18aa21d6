using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Tests.Clusters;

/// <summary>A cluster that trusts Nereid's issuer: namespace groups are bound instead of each member.</summary>
public sealed class NamespaceReconcilerGroupTests
{
    private const string Prefix = "nereid:";

    [Fact]
    public async Task ReconcileAsync_TrustingCluster_BindsTheNamespaceGroupsAndNoPerson()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org", "bob@example.org"], groupsPrefix: Prefix);

        await rig.PassAsync("proj-a");

        Subjects(rig, ProjectionNames.AdminsBinding).ShouldBe(["Group rbac.authorization.k8s.io nereid:ns:proj-a:admin"]);
        Subjects(rig, ProjectionNames.MembersBinding).ShouldBe(["Group rbac.authorization.k8s.io nereid:ns:proj-a"]);
        rig.Cluster.Get<RoleBinding>("proj-a", ProjectionNames.AdminsBinding)!.RoleRef!.Name.ShouldBe("admin");
        rig.Cluster.Get<RoleBinding>("proj-a", ProjectionNames.MembersBinding)!.RoleRef!.Name.ShouldBe("edit");
    }

    [Fact]
    public async Task ReconcileAsync_TrustingClusterMembershipChanged_WritesNothing()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"], groupsPrefix: Prefix);
        await rig.PassAsync("proj-a");
        rig.Cluster.Applies.Clear();
        rig.Desired.Put("proj-a", 2, ["ada@example.org", "bob@example.org", "cy@example.org"], groupsPrefix: Prefix);

        await rig.PassAsync("proj-a");
        await rig.PassAsync("proj-a");

        // Who belongs travels in the tokens' groups claim; the cluster's objects do not change with membership.
        rig.Cluster.Applies.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReconcileAsync_TrustSwitchedOnThenOff_RewritesOnlyTheTwoBindings()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org", "bob@example.org"]);
        await rig.PassAsync("proj-a");
        rig.Cluster.Applies.Clear();

        rig.Desired.Put("proj-a", 1, ["ada@example.org", "bob@example.org"], groupsPrefix: Prefix);
        await rig.PassAsync("proj-a");
        var on = rig.Cluster.Applies.Order(StringComparer.Ordinal).ToList();
        rig.Cluster.Applies.Clear();
        rig.Desired.Put("proj-a", 1, ["ada@example.org", "bob@example.org"]);
        await rig.PassAsync("proj-a");

        on.ShouldBe(["RoleBinding/proj-a/nereid-admins", "RoleBinding/proj-a/nereid-members"]);
        rig.Cluster.Applies.Order(StringComparer.Ordinal).ShouldBe(["RoleBinding/proj-a/nereid-admins", "RoleBinding/proj-a/nereid-members"]);
        Subjects(rig, ProjectionNames.AdminsBinding).ShouldBe(["User rbac.authorization.k8s.io oidc:ada@example.org"]);
        Subjects(rig, ProjectionNames.MembersBinding).ShouldBe(["User rbac.authorization.k8s.io oidc:bob@example.org"]);
    }

    private static List<string> Subjects(ReconcilerRig rig, string binding) =>
        [.. rig.Cluster.Get<RoleBinding>("proj-a", binding)!.Subjects!.Select(s => $"{s.Kind} {s.ApiGroup} {s.Name}")];
}
