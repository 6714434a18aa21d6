using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

public sealed class OwnedKindsTests
{
    [Fact]
    public void All_EveryProjectedObject_HasExactlyOneRow()
    {
        var target = NamespaceProjection.Build(new NamespaceSnapshot("proj-a", "UCSD", ["PI"], "d", [],
            [new MemberSnapshot("a@example.org", true), new MemberSnapshot("b@example.org", false)]), new ProjectionOptions());

        target.Objects.Select(o => OwnedKinds.Of(o).Kind).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe(OwnedKinds.All.Select(k => k.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void All_OnlyTheNamespaceRow_IsClusterScoped()
    {
        OwnedKinds.All.Where(k => !k.Namespaced).ShouldBe([OwnedKinds.Namespace]);
        OwnedKinds.All.Select(k => k.Kind).ShouldBeUnique();
    }

    [Fact]
    public void Of_KindNereidDoesNotOwn_Throws()
    {
        var ex = Should.Throw<InvalidOperationException>(() => OwnedKinds.Of(new Pod { Metadata = new ObjectMeta { Name = "x" } }));

        ex.Message.ShouldContain("Pod");
    }

    [Fact]
    public void Id_NamespaceRow_IgnoresNamespaceArgument()
    {
        OwnedKinds.Namespace.Id("ignored", "proj-a").ShouldBe("Namespace//proj-a");
        OwnedKinds.All.Single(k => k.Kind == "RoleBinding").Id("proj-a", "nereid-admins").ShouldBe("RoleBinding/proj-a/nereid-admins");
    }
}
