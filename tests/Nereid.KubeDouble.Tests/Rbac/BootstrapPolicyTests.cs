using System.Text.Json.Nodes;
using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Tests.Rbac;

public sealed class BootstrapPolicyTests
{
    [Fact]
    public void ClusterRoles_AdminEditView_AreAggregatedBySelectorLabels()
    {
        var roles = BootstrapPolicy.ClusterRoles().ToDictionary(r => (string)r["metadata"]!["name"]!);

        roles.Keys.ShouldBe(["cluster-admin", "admin", "edit", "view", "system:aggregate-to-admin", "system:aggregate-to-edit",
            "system:aggregate-to-view", "system:discovery", "system:public-info-viewer", "system:basic-user"], ignoreOrder: true);
        Selector(roles["admin"]).ShouldBe("rbac.authorization.k8s.io/aggregate-to-admin");
        Selector(roles["view"]).ShouldBe("rbac.authorization.k8s.io/aggregate-to-view");
        ((string?)roles["edit"]["metadata"]!["labels"]!["rbac.authorization.k8s.io/aggregate-to-admin"]).ShouldBe("true");
    }

    [Fact]
    public void ClusterRoles_EachCall_ReturnsIndependentCopies()
    {
        var first = BootstrapPolicy.ClusterRoles();
        first[0]["metadata"]!["name"] = "changed";

        ((string?)BootstrapPolicy.ClusterRoles()[0]["metadata"]!["name"]).ShouldBe("cluster-admin");
    }

    [Theory]
    [InlineData("view", "get", "", "secrets", false)]
    [InlineData("edit", "get", "", "secrets", true)]
    [InlineData("view", "list", "", "limitranges", true)]
    [InlineData("admin", "create", "", "limitranges", false)]
    [InlineData("admin", "update", "", "resourcequotas", false)]
    [InlineData("admin", "create", "rbac.authorization.k8s.io", "roles", true)]
    [InlineData("edit", "create", "rbac.authorization.k8s.io", "roles", false)]
    [InlineData("edit", "create", "apps", "deployments", true)]
    [InlineData("view", "watch", "batch", "jobs", true)]
    [InlineData("edit", "create", "networking.k8s.io", "networkpolicies", true)]
    [InlineData("view", "create", "networking.k8s.io", "networkpolicies", false)]
    [InlineData("admin", "delete", "", "namespaces", false)]
    public void ClusterRoles_BoundInNamespace_GrantLikeRealDefaults(string role, string verb, string group, string resource, bool allowed)
    {
        var source = new InMemoryRbacSource().AddJson($$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"b","namespace":"ns"},
             "subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"u"}],
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"{{{role}}}"}}
            """);

        var decision = new RbacAuthorizer(source).Authorize(new UserInfo("u", []), new RequestAttributes(verb, group, resource, null, "ns", "x", null));

        decision.Allowed.ShouldBe(allowed);
    }

    private static string Selector(JsonObject role) =>
        role["aggregationRule"]!["clusterRoleSelectors"]![0]!["matchLabels"]!.AsObject().Single().Key;
}
