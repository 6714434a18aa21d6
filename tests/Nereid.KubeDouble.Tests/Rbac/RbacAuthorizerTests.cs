using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Tests.Rbac;

public sealed class RbacAuthorizerTests
{
    private const string Sa = "system:serviceaccount:";
    private readonly RbacAuthorizer _authorizer = new(RbacTestPolicy.Create());

    /// <summary>user, groups (comma-separated), verb, group, resource[/subresource] or a /path, namespace, name, allowed.</summary>
    public static TheoryData<string, string, string, string, string, string?, string?, bool> Cases => new()
    {
        // User subject through a RoleBinding to a Role: only inside that namespace.
        { "jane", "", "get", "", "pods", "team-a", "web-0", true },
        { "jane", "", "list", "", "pods", "team-a", null, true },
        { "jane", "", "get", "", "pods/log", "team-a", "web-0", true },
        { "jane", "", "create", "", "pods/exec", "team-a", "web-0", false },
        { "jane", "", "delete", "", "pods", "team-a", "web-0", false },
        { "jane", "", "get", "", "pods", "team-b", "web-0", false },
        { "jane", "", "list", "", "pods", null, null, false },
        { "jane", "", "get", "apps", "pods", "team-a", "web-0", false },
        // Group subject through a RoleBinding to the aggregated ClusterRole "edit".
        { "eve", "oidc:team-a-devs", "create", "", "secrets", "team-a", null, true },
        { "eve", "oidc:team-a-devs", "create", "", "pods/exec", "team-a", "web-0", true },
        { "eve", "oidc:team-a-devs", "list", "", "resourcequotas", "team-a", null, true },
        { "eve", "oidc:team-a-devs", "update", "", "resourcequotas", "team-a", "q", false },
        { "eve", "oidc:team-a-devs", "create", "rbac.authorization.k8s.io", "rolebindings", "team-a", null, false },
        { "eve", "oidc:team-a-devs", "create", "", "secrets", "team-b", null, false },
        { "eve", "", "create", "", "secrets", "team-a", null, false },
        // Service accounts: namespace defaulted from the RoleBinding, or explicit.
        { Sa + "team-a:builder", "", "list", "", "configmaps", "team-a", null, true },
        { Sa + "team-a:builder", "", "get", "", "secrets", "team-a", "s", false },
        { Sa + "team-b:builder", "", "list", "", "configmaps", "team-a", null, false },
        { Sa + "ci-system:ci", "", "create", "rbac.authorization.k8s.io", "rolebindings", "team-b", null, true },
        { Sa + "ci-system:ci", "", "patch", "coordination.k8s.io", "leases", "team-b", "lock", true },
        { Sa + "ci-system:ci", "", "update", "", "resourcequotas", "team-b", "q", false },
        { Sa + "ci-system:ci", "", "create", "rbac.authorization.k8s.io", "rolebindings", "team-a", null, false },
        // resourceNames restrict named requests; collection requests never match them.
        { "bob", "", "get", "", "resourcequotas", "team-a", "gpu-quota", true },
        { "bob", "", "update", "", "resourcequotas", "team-a", "gpu-quota", true },
        { "bob", "", "get", "", "resourcequotas", "team-a", "cpu-quota", false },
        { "bob", "", "list", "", "resourcequotas", "team-a", null, false },
        // */status and wildcards.
        { "carol", "", "get", "apps", "deployments/status", "team-x", "d", true },
        { "carol", "", "get", "", "namespaces/status", null, "team-x", true },
        { "carol", "", "get", "apps", "deployments", "team-x", "d", false },
        { "carol", "", "get", "", "pods/log", "team-x", "p", false },
        { "frank", "ops", "deletecollection", "batch", "jobs", "any", null, true },
        { "frank", "ops", "patch", "batch", "cronjobs/status", null, "c", true },
        { "frank", "ops", "delete", "", "pods", "any", "p", false },
        // Non-resource URLs: exact and trailing-* prefix, verb must match.
        { "carol", "", "get", "", "/metrics", null, null, true },
        { "carol", "", "get", "", "/logs/kube-apiserver.log", null, null, true },
        { "carol", "", "get", "", "/logsx", null, null, false },
        { "carol", "", "post", "", "/metrics", null, null, false },
        { "jane", "", "get", "", "/metrics", null, null, false },
        // Bootstrap policy: discovery and self reviews for every authenticated user, health for everyone.
        { "jane", "", "get", "", "/version", null, null, true },
        { "jane", "", "get", "", "/apis/rbac.authorization.k8s.io/v1", null, null, true },
        { "jane", "", "create", "authorization.k8s.io", "selfsubjectaccessreviews", null, null, true },
        { "jane", "", "create", "authorization.k8s.io", "subjectaccessreviews", null, null, false },
        { "system:anonymous", "system:unauthenticated", "get", "", "/api", null, null, false },
        { "system:anonymous", "system:unauthenticated", "get", "", "/healthz", null, null, true },
        // Aggregation: a role labelled aggregate-to-view reaches view, edit and admin holders.
        { Sa + "team-a:builder", "", "list", "nereid.io", "gpuclaims", "team-a", null, true },
        { "eve", "oidc:team-a-devs", "get", "nereid.io", "gpuclaims", "team-a", "g", true },
        { Sa + "ci-system:ci", "", "get", "nereid.io", "gpuclaims", "team-b", "g", true },
        { "jane", "", "get", "nereid.io", "gpuclaims", "team-a", "g", false },
        // system:masters is always allowed.
        { "mallory", "system:masters", "delete", "", "nodes", null, "gpu-node-1", true },
        { "mallory", "system:masters", "get", "", "/debug/pprof", null, null, true },
        { "mallory", "", "delete", "", "nodes", null, "gpu-node-1", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Authorize_Case_MatchesRbacSemantics(string user, string groups, string verb, string group, string target, string? ns, string? name, bool allowed)
    {
        var decision = _authorizer.Authorize(User(user, groups), Request(verb, group, target, ns, name));

        decision.Allowed.ShouldBe(allowed);
    }

    [Fact]
    public void Authorize_AllowedByRoleBinding_NamesBindingRoleAndSubject()
    {
        var decision = _authorizer.Authorize(User("jane", ""), Request("get", "", "pods", "team-a", "web-0"));

        decision.ShouldBe(new AuthorizationDecision(true, "RBAC: allowed by RoleBinding \"jane-pods/team-a\" of Role \"pod-reader\" to User \"jane\""));
    }

    [Fact]
    public void Authorize_AllowedByClusterRoleBinding_NamesGroup()
    {
        var decision = _authorizer.Authorize(User("jane", ""), Request("get", "", "/version", null, null));

        decision.Reason.ShouldBe("RBAC: allowed by ClusterRoleBinding \"system:discovery\" of ClusterRole \"system:discovery\" to Group \"system:authenticated\"");
    }

    [Fact]
    public void Authorize_ServiceAccountWithDefaultedNamespace_DescribesItWithBindingNamespace()
    {
        var decision = _authorizer.Authorize(User(Sa + "team-a:builder", ""), Request("get", "", "configmaps", "team-a", "c"));

        decision.Reason.ShouldBe("RBAC: allowed by RoleBinding \"builder-view/team-a\" of ClusterRole \"view\" to ServiceAccount \"builder/team-a\"");
    }

    [Fact]
    public void Authorize_BindingToMissingRole_DeniesWithNotFoundReason()
    {
        var decision = _authorizer.Authorize(User("dave", ""), Request("get", "", "pods", "team-a", "p"));

        decision.ShouldBe(new AuthorizationDecision(false, "RBAC: clusterrole.rbac.authorization.k8s.io \"ghost\" not found"));
    }

    [Fact]
    public void Authorize_NoMatchingRule_DeniesWithEmptyReason()
    {
        _authorizer.Authorize(User("jane", ""), Request("delete", "", "pods", "team-a", "p")).ShouldBe(new AuthorizationDecision(false, ""));
    }

    [Fact]
    public void Authorize_WithoutBootstrapPolicy_DiscoveryIsDenied()
    {
        var authorizer = new RbacAuthorizer(new InMemoryRbacSource(withBootstrapPolicy: false));

        authorizer.Authorize(User("jane", ""), Request("get", "", "/version", null, null)).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Constructor_NullSource_Throws()
    {
        Should.Throw<ArgumentNullException>(() => new RbacAuthorizer(null!));
    }

    internal static UserInfo User(string name, string groups) =>
        new(name, groups.Length == 0 ? [] : groups.Split(','));

    internal static RequestAttributes Request(string verb, string group, string target, string? ns, string? name)
    {
        if (target.StartsWith('/'))
        {
            return new RequestAttributes(verb, "", "", null, null, null, target);
        }

        var slash = target.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new RequestAttributes(verb, group, target, null, ns, name, null)
            : new RequestAttributes(verb, group, target[..slash], target[(slash + 1)..], ns, name, null);
    }
}
