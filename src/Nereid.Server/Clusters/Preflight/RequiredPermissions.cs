using Nereid.Kubernetes.Projection;
using Nereid.Server.Policies;

namespace Nereid.Server.Clusters.Preflight;

/// <summary>
/// The one table of what Nereid calls in a cluster, read from the code that calls it. <c>deploy/rbac.yaml</c> grants all
/// of it but the enforcement rows, which <c>deploy/rbac-enforcement.yaml</c> grants; tests load them into the API double
/// and run the preflight against them, so a row added here without a matching rule there fails.
/// </summary>
internal static class RequiredPermissions
{
    private const string Rbac = "rbac.authorization.k8s.io";

    /// <summary>What the current configuration needs: leases in <paramref name="leaseNamespace"/>, policy rows only when scans run.</summary>
    public static IReadOnlyList<RequiredPermission> For(string leaseNamespace, PolicyOptions policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var rows = new List<RequiredPermission>();
        void Add(string group, string resource, string purpose, string? ns, string? name, params string[] verbs) =>
            rows.AddRange(verbs.Select(v => new RequiredPermission(v, group, resource, ns, name, purpose)));

        // NamespaceReconciler and ObservedCluster: informers list+watch, server-side apply is patch (create on first apply), prune is delete.
        const string projection = "project namespaces (informers, server-side apply, prune)";
        Add("", "namespaces", projection, null, null, "list", "watch", "create", "patch", "delete");
        Add(Rbac, "rolebindings", projection, null, null, "list", "watch", "create", "patch", "delete");
        Add("", "resourcequotas", projection, null, null, "list", "watch", "create", "patch", "delete");
        Add("", "limitranges", projection, null, null, "list", "watch", "create", "patch", "delete");
        Add("networking.k8s.io", "networkpolicies", projection, null, null, "list", "watch", "create", "patch", "delete");

        // The namespace RoleBindings refer to admin/edit; the cluster-wide binding to nereid-cluster-user.
        foreach (var role in new[] { "admin", "edit", ProjectionNames.ClusterUserRole })
        {
            Add(Rbac, "clusterroles", "bind the roles members receive", null, role, "bind");
        }
        // ClusterController.EnsureClusterRoleAsync applies the role and its binding by name (create cannot be limited by name).
        const string clusterRole = "apply the ClusterRole nereid-cluster-user and its binding";
        Add(Rbac, "clusterroles", clusterRole, null, null, "create");
        Add(Rbac, "clusterroles", clusterRole, null, ProjectionNames.ClusterUserRole, "patch");
        Add(Rbac, "clusterrolebindings", clusterRole, null, null, "create");
        Add(Rbac, "clusterrolebindings", clusterRole, null, ProjectionNames.ClusterUserRole, "patch");
        // RBAC refuses to create a role granting more than its creator holds (no escalate verb is asked for).
        foreach (var rule in NamespaceProjection.ClusterUserRole().Rules ?? [])
        {
            foreach (var group in rule.ApiGroups ?? [])
            {
                foreach (var resource in rule.Resources ?? [])
                {
                    Add(group, resource, "hold what nereid-cluster-user grants", null, null, [.. rule.Verbs ?? []]);
                }
            }
        }

        // KubernetesLeaseLock: get, create when missing, update to renew.
        Add("coordination.k8s.io", "leases", "leader election", leaseNamespace, null, "get", "create", "update");

        // Resources/ClusterInventory informers (and the policy scan's pods).
        Add("", "nodes", "inventory", null, null, "list", "watch");
        Add("", "pods", "inventory", null, null, "list", "watch");

        // Storage/StorageClassController informer (the storage catalogue).
        Add("storage.k8s.io", "storageclasses", "storage catalogue", null, null, "list", "watch");

        // Federation/FederationController: informers of its five kinds (label-selected), server-side apply, prune; the
        // TokenRequest of the ServiceAccount it keeps for each peer; RoleBindings to Admiralty's source ClusterRole.
        const string federation = "federate namespaces through Admiralty";
        Add("", "serviceaccounts", federation, null, null, "list", "watch", "create", "patch", "delete");
        Add("", "secrets", federation, null, null, "list", "watch", "create", "patch", "delete");
        Add("", "serviceaccounts/token", federation, null, null, "create");
        Add("multicluster.admiralty.io", "targets", federation, null, null, "list", "watch", "create", "patch", "delete");
        Add("multicluster.admiralty.io", "sources", federation, null, null, "list", "watch", "create", "patch", "delete");
        Add(Rbac, "clusterroles", federation, null, Federation.AdmiraltyNames.SourceClusterRole, "bind");

        // Sessions/SessionClaims informer: the ReadWriteMany claims session options mount.
        Add("", "persistentvolumeclaims", "session options", null, null, "list", "watch");

        if (policies.Enabled)
        {
            // Policies/WorkloadCache informers and ViolationScanner lists.
            Add("apps", "deployments", "policy scans", null, null, "list", "watch");
            Add("batch", "jobs", "policy scans", null, null, "list", "watch");
            // The creators of StatefulSet pods and CronJob Jobs (WorkloadSnapshot follows owner references to them).
            Add("apps", "statefulsets", "policy scans", null, null, "list", "watch");
            Add("batch", "cronjobs", "policy scans", null, null, "list", "watch");
            if (!policies.Enforcement.DryRun)
            {
                // PolicyEnforcer: annotate (patch), scale Deployments and StatefulSets to zero, delete bare pods and Jobs.
                const string enforcement = "policy enforcement (Enforcement:DryRun=false)";
                Add("", "pods", enforcement, null, null, "patch", "delete");
                Add("apps", "deployments", enforcement, null, null, "patch");
                Add("apps", "statefulsets", enforcement, null, null, "patch");
                Add("batch", "jobs", enforcement, null, null, "patch", "delete");
            }
        }
        return rows;
    }
}
