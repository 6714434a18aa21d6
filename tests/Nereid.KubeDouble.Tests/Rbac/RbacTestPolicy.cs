namespace Nereid.KubeDouble.Tests.Rbac;

/// <summary>The bootstrap policy plus a small set of roles and bindings shared by the RBAC tests.</summary>
internal static class RbacTestPolicy
{
    public static InMemoryRbacSource Create() => new InMemoryRbacSource().AddJson(
        """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"pod-reader","namespace":"team-a"}, "rules":[{"apiGroups":[""],"resources":["pods","pods/log"],"verbs":["get","list","watch"]}]}""",
        RoleBinding("jane-pods", "team-a", "Role", "pod-reader", """{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"jane"}"""),
        RoleBinding("devs-edit", "team-a", "ClusterRole", "edit", """{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"oidc:team-a-devs"}"""),
        RoleBinding("builder-view", "team-a", "ClusterRole", "view", """{"kind":"ServiceAccount","name":"builder"}"""),
        RoleBinding("ci-admin", "team-b", "ClusterRole", "admin", """{"kind":"ServiceAccount","name":"ci","namespace":"ci-system"}"""),
        """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"one-quota"}, "rules":[{"apiGroups":[""],"resources":["resourcequotas"],"resourceNames":["gpu-quota"],"verbs":["get","list","update"]}]}""",
        RoleBinding("bob-quota", "team-a", "ClusterRole", "one-quota", """{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"bob"}"""),
        """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"status-and-metrics"}, "rules":[{"apiGroups":["*"],"resources":["*/status"],"verbs":["get"]},{"nonResourceURLs":["/metrics","/logs/*"],"verbs":["get"]}]}""",
        ClusterRoleBinding("carol-status", "status-and-metrics", """{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"carol"}"""),
        """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"batch-ops"}, "rules":[{"apiGroups":["batch"],"resources":["*"],"verbs":["*"]}]}""",
        ClusterRoleBinding("ops-batch", "batch-ops", """{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"ops"}"""),
        """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"nereid-gpuclaims-view", "labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}}, "rules":[{"apiGroups":["nereid.io"],"resources":["gpuclaims"],"verbs":["get","list"]}]}""",
        RoleBinding("dave-ghost", "team-a", "ClusterRole", "ghost", """{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"dave"}"""));

    private static string RoleBinding(string name, string ns, string roleKind, string role, string subject) =>
        $$$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"subjects":[{{{subject}}}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{{roleKind}}}","name":"{{{role}}}"}}""";

    private static string ClusterRoleBinding(string name, string role, string subject) =>
        $$$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"{{{name}}}"},"subjects":[{{{subject}}}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"{{{role}}}"}}""";
}
