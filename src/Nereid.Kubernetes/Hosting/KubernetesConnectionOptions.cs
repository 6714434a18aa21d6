namespace Nereid.Kubernetes.Hosting;

/// <summary>Which cluster the server talks to (configuration section <c>Kubernetes</c>).</summary>
public sealed class KubernetesConnectionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kubernetes";

    /// <summary>How to find the cluster. Default <see cref="KubernetesConnectionMode.Auto"/>.</summary>
    public KubernetesConnectionMode Mode { get; set; } = KubernetesConnectionMode.Auto;

    /// <summary>kubeconfig file; null uses <c>KUBECONFIG</c> or <c>~/.kube/config</c>. Default null.</summary>
    public string? KubeConfigPath { get; set; }

    /// <summary>kubeconfig context; null uses current-context. Default null.</summary>
    public string? Context { get; set; }
}

/// <summary>Connection sources.</summary>
public enum KubernetesConnectionMode
{
    /// <summary>In-cluster when running in a pod, else kubeconfig.</summary>
    Auto,

    /// <summary>The pod's service account.</summary>
    InCluster,

    /// <summary>A kubeconfig file.</summary>
    KubeConfig,
}
