using Nereid.Kubernetes.Models;

namespace Nereid.Server.Federation;

/// <summary>The names, labels and resource types of the Admiralty objects Nereid keeps for federated namespaces.</summary>
internal static class AdmiraltyNames
{
    /// <summary>Admiralty's namespace switch for multi-cluster scheduling.</summary>
    public const string SchedulerLabel = "multicluster-scheduler";
    public const string SchedulerEnabled = "enabled";

    /// <summary>
    /// Every federation object carries this managed-by value, distinct from the namespace projection's <c>nereid</c>,
    /// so the namespace reconciler never prunes them and the federation controller finds exactly its own.
    /// </summary>
    public const string ManagedByValue = "nereid-federation";

    /// <summary>The cluster on the other end of the object (the target on the source cluster and vice versa).</summary>
    public const string PeerLabel = "nereid.io/federation-peer";

    /// <summary>Field manager of the federation's server-side applies (separate from the namespace projection's).</summary>
    public const string FieldManager = "nereid-federation";

    /// <summary>Key of the kubeconfig inside its Secret.</summary>
    public const string KubeconfigKey = "config";

    /// <summary>
    /// The ClusterRole the Admiralty chart installs on every cluster for source identities (pod chaperons, not pods);
    /// bound by a RoleBinding so it applies to the one namespace only.
    /// </summary>
    public const string SourceClusterRole = "multicluster-scheduler-source";

    public static readonly ResourceType Target = new("multicluster.admiralty.io", "v1alpha1", "targets", "Target", Namespaced: true);
    public static readonly ResourceType Source = new("multicluster.admiralty.io", "v1alpha1", "sources", "Source", Namespaced: true);
    public static readonly ResourceType Secret = new("", "v1", "secrets", "Secret", Namespaced: true);
    public static readonly ResourceType ServiceAccount = new("", "v1", "serviceaccounts", "ServiceAccount", Namespaced: true);
    public static readonly ResourceType RoleBinding = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", Namespaced: true);

    /// <summary>Name of the Target (and, prefixed, its Secret) for <paramref name="targetCluster"/>, a DNS label.</summary>
    public static string TargetName(string targetCluster) => "nereid-" + targetCluster;

    public static string SecretName(string targetCluster) => "nereid-admiralty-" + targetCluster;

    /// <summary>Name of the ServiceAccount, RoleBinding and Source for <paramref name="sourceCluster"/> on a target.</summary>
    public static string SourceIdentity(string sourceCluster) => "nereid-source-" + sourceCluster;
}
