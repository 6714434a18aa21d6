namespace Nereid.KubeDouble.Discovery;

/// <summary>
/// The resources the double serves, grouped by group-version, as a real 1.35 apiserver lists them. Built-in
/// resources are fixed; custom resources come and go with their CustomResourceDefinitions, so readers see
/// immutable snapshots swapped under a lock (a request never sees half a registration).
/// </summary>
public sealed class ResourceCatalog
{
    private readonly Lock _lock = new();
    private Snapshot _current;

    public ResourceCatalog(IEnumerable<ResourceInfo> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        _current = Snapshot.Of(resources);
    }

    public IEnumerable<ResourceInfo> All => _current.ByPath.Values;

    /// <summary>Adds or replaces the versions of one custom resource (keyed by group and plural): <paramref name="versions"/> may be empty to remove it.</summary>
    public void Replace(string group, string plural, IReadOnlyList<ResourceInfo> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        lock (_lock)
        {
            var kept = _current.ByPath.Values.Where(r => !(r.Group == group && r.Plural == plural));
            _current = Snapshot.Of(kept.Concat(versions));
        }
    }

    /// <summary>Distinct group-versions in a stable order, core first.</summary>
    public IEnumerable<(string Group, string Version)> GroupVersions =>
        _current.ByPath.Values.Select(r => (r.Group, r.Version)).Distinct().OrderBy(g => g.Group.Length == 0 ? "" : g.Group, StringComparer.Ordinal);

    public ResourceInfo? Find(string group, string version, string plural) =>
        _current.ByPath.GetValueOrDefault((group, version, plural));

    public ResourceInfo? FindKind(string apiVersion, string kind) =>
        _current.ByKind.GetValueOrDefault((apiVersion, kind));

    /// <summary>The default resource set (SEMANTICS.md README resource index, reduced to what Nereid uses).</summary>
    public static ResourceCatalog Default()
    {
        var all = ResourceInfo.AllVerbs;
        string[] create = ["create"];
        ResourceInfo R(string g, string v, string plural, string singular, string kind, bool ns, string[] shortNames, string[]? subs = null, string[]? verbs = null) =>
            new(g, v, plural, singular, kind, ns, shortNames, verbs ?? all, subs ?? []);

        return new ResourceCatalog(
        [
            R("", "v1", "namespaces", "namespace", "Namespace", false, ["ns"], ["finalize", "status"], ["create", "delete", "get", "list", "patch", "update", "watch"]) with { ExtraFieldSelectors = ["status.phase"] },
            R("", "v1", "nodes", "node", "Node", false, ["no"], ["status"]) with { ExtraFieldSelectors = ["spec.unschedulable"] },
            R("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, ["pv"], ["status"]),
            R("", "v1", "pods", "pod", "Pod", true, ["po"], ["status"]) with { ExtraFieldSelectors = ["spec.nodeName", "status.phase", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.podIP"] },
            R("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, ["pvc"], ["status"]),
            R("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, ["quota"], ["status"]),
            R("", "v1", "limitranges", "limitrange", "LimitRange", true, ["limits"]),
            R("", "v1", "configmaps", "configmap", "ConfigMap", true, ["cm"]),
            R("", "v1", "secrets", "secret", "Secret", true, []) with { ExtraFieldSelectors = ["type"] },
            R("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"], ["token"]),
            R("", "v1", "services", "service", "Service", true, ["svc"], ["status"]),
            R("", "v1", "events", "event", "Event", true, ["ev"]),
            R("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, []),
            R("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, []),
            R("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, []),
            R("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, []),
            R("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, ["netpol"]),
            R("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, ["ing"], ["status"]),
            R("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", false, []),
            R("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, ["crd", "crds"], ["status"]),
            R("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, ["sc"]),
            R("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, []),
            R("apps", "v1", "deployments", "deployment", "Deployment", true, ["deploy"], ["status"]),
            R("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, ["rs"], ["status"]),
            R("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, ["sts"], ["status"]),
            R("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", false, []),
            R("batch", "v1", "jobs", "job", "Job", true, [], ["status"]),
            R("batch", "v1", "cronjobs", "cronjob", "CronJob", true, ["cj"], ["status"]),
            R("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, [], verbs: create),
            R("authorization.k8s.io", "v1", "subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview", false, [], verbs: create),
            R("authorization.k8s.io", "v1", "localsubjectaccessreviews", "localsubjectaccessreview", "LocalSubjectAccessReview", true, [], verbs: create),
        ]);
    }

    private sealed record Snapshot(
        Dictionary<(string Group, string Version, string Plural), ResourceInfo> ByPath,
        Dictionary<(string ApiVersion, string Kind), ResourceInfo> ByKind)
    {
        public static Snapshot Of(IEnumerable<ResourceInfo> resources)
        {
            var snapshot = new Snapshot([], []);
            foreach (var r in resources)
            {
                snapshot.ByPath[(r.Group, r.Version, r.Plural)] = r;
                snapshot.ByKind[(r.ApiVersion, r.Kind)] = r;
            }
            return snapshot;
        }
    }
}
