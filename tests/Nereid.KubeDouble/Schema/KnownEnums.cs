namespace Nereid.KubeDouble.Schema;

/// <summary>
/// Enumerations the apiserver enforces although the published OpenAPI documents do not carry them.
/// </summary>
/// <remarks>
/// The 1.35 <c>api/openapi-spec/v3</c> files have no <c>enum</c> keywords (they list the values only in
/// descriptions, if at all); the real checks live in the apiserver's validation code
/// (<c>pkg/apis/core/validation</c>, <c>pkg/apis/rbac/validation</c>, ...) and answer
/// <c>Unsupported value: "x": supported values: ...</c>. This table restores the ones that matter for the
/// objects Nereid writes. An empty string is listed where the server defaults an empty value before validating.
/// Keys: schema name, then property name; for array properties the values constrain the items.
/// </remarks>
internal static class KnownEnums
{
    private static readonly string[] Protocols = ["", "SCTP", "TCP", "UDP"];
    private static readonly string[] SelectorOperators = ["DoesNotExist", "Exists", "In", "NotIn"];
    private static readonly string[] QuotaScopes =
        ["BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating", "PriorityClass", "Terminating", "VolumeAttributesClass"];

    private static readonly Dictionary<(string Schema, string Property), string[]> Table = new()
    {
        [("io.k8s.api.rbac.v1.RoleRef", "kind")] = ["ClusterRole", "Role"],
        [("io.k8s.api.rbac.v1.RoleRef", "apiGroup")] = ["rbac.authorization.k8s.io"],
        [("io.k8s.api.rbac.v1.Subject", "kind")] = ["Group", "ServiceAccount", "User"],
        [("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", "operator")] = SelectorOperators,
        [("io.k8s.api.core.v1.ServiceSpec", "type")] = ["", "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        [("io.k8s.api.core.v1.ServiceSpec", "sessionAffinity")] = ["", "ClientIP", "None"],
        [("io.k8s.api.core.v1.ServiceSpec", "ipFamilyPolicy")] = ["", "PreferDualStack", "RequireDualStack", "SingleStack"],
        [("io.k8s.api.core.v1.ServicePort", "protocol")] = Protocols,
        [("io.k8s.api.core.v1.ContainerPort", "protocol")] = Protocols,
        [("io.k8s.api.core.v1.Container", "imagePullPolicy")] = ["", "Always", "IfNotPresent", "Never"],
        [("io.k8s.api.core.v1.Container", "terminationMessagePolicy")] = ["", "FallbackToLogsOnError", "File"],
        [("io.k8s.api.core.v1.PodSpec", "restartPolicy")] = ["", "Always", "Never", "OnFailure"],
        [("io.k8s.api.core.v1.PodSpec", "dnsPolicy")] = ["", "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
        [("io.k8s.api.core.v1.PodStatus", "phase")] = ["", "Failed", "Pending", "Running", "Succeeded", "Unknown"],
        [("io.k8s.api.core.v1.Toleration", "operator")] = ["", "Equal", "Exists"],
        [("io.k8s.api.core.v1.Toleration", "effect")] = ["", "NoExecute", "NoSchedule", "PreferNoSchedule"],
        [("io.k8s.api.core.v1.Taint", "effect")] = ["NoExecute", "NoSchedule", "PreferNoSchedule"],
        [("io.k8s.api.core.v1.NodeSelectorRequirement", "operator")] = ["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"],
        [("io.k8s.api.core.v1.NamespaceStatus", "phase")] = ["", "Active", "Terminating"],
        [("io.k8s.api.core.v1.LimitRangeItem", "type")] = ["Container", "PersistentVolumeClaim", "Pod"],
        [("io.k8s.api.core.v1.ResourceQuotaSpec", "scopes")] = QuotaScopes,
        [("io.k8s.api.core.v1.ScopedResourceSelectorRequirement", "scopeName")] = QuotaScopes,
        [("io.k8s.api.core.v1.ScopedResourceSelectorRequirement", "operator")] = SelectorOperators,
        [("io.k8s.api.core.v1.PersistentVolumeClaimSpec", "accessModes")] = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"],
        [("io.k8s.api.core.v1.PersistentVolumeClaimSpec", "volumeMode")] = ["", "Block", "Filesystem"],
        [("io.k8s.api.networking.v1.NetworkPolicySpec", "policyTypes")] = ["Egress", "Ingress"],
        [("io.k8s.api.networking.v1.NetworkPolicyPort", "protocol")] = Protocols,
        [("io.k8s.api.batch.v1.JobSpec", "completionMode")] = ["", "Indexed", "NonIndexed"],
        [("io.k8s.api.batch.v1.CronJobSpec", "concurrencyPolicy")] = ["", "Allow", "Forbid", "Replace"],
    };

    /// <summary>The supported values of <paramref name="schema"/>.<paramref name="property"/>, or null.</summary>
    public static string[]? For(string schema, string property) =>
        Table.TryGetValue((schema, property), out var values) ? values : null;
}
