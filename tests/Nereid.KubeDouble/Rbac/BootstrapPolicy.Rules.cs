using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Rbac;

/// <summary>Rules of the <c>system:aggregate-to-*</c> roles, following the real policy for the resources the double serves.</summary>
public static partial class BootstrapPolicy
{
    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] ReadWrite = [.. Read, .. Write];

    /// <summary>Read access to namespace content, without secrets; quotas and limit ranges are read-only for everyone below cluster-admin.</summary>
    private static JsonObject[] ViewRules() =>
    [
        Rule(Read, [""], ["pods", "pods/log", "pods/status", "services", "services/status", "endpoints", "configmaps",
            "persistentvolumeclaims", "persistentvolumeclaims/status", "serviceaccounts", "replicationcontrollers",
            "replicationcontrollers/scale", "replicationcontrollers/status", "bindings", "events",
            "limitranges", "resourcequotas", "resourcequotas/status", "namespaces", "namespaces/status"]),
        Rule(Read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
            "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
        Rule(Read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
        Rule(Read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
        Rule(Read, ["discovery.k8s.io"], ["endpointslices"]),
        Rule(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
    ];

    /// <summary>Write access to namespace content including secrets, pod exec/attach/port-forward and leases.</summary>
    private static JsonObject[] EditRules() =>
    [
        Rule(["impersonate"], [""], ["serviceaccounts"]),
        Rule(Write, [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
        Rule(["create"], [""], ["pods/eviction", "serviceaccounts/token"]),
        Rule(Write, [""], ["configmaps", "endpoints", "events", "persistentvolumeclaims", "replicationcontrollers",
            "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
        Rule(Read, [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
        Rule(Write, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets",
            "replicasets/scale", "statefulsets", "statefulsets/scale"]),
        Rule(Write, ["batch"], ["cronjobs", "jobs"]),
        Rule(Write, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
        Rule(Write, ["policy"], ["poddisruptionbudgets"]),
        Rule(ReadWrite, ["coordination.k8s.io"], ["leases"]),
    ];

    /// <summary>Namespace-local RBAC management and local access reviews.</summary>
    private static JsonObject[] AdminRules() =>
    [
        Rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
        Rule(ReadWrite, [RbacGroup], ["rolebindings", "roles"]),
    ];
}
