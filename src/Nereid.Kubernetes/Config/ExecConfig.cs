namespace Nereid.Kubernetes.Config;

/// <summary>A kubeconfig <c>user.exec</c> credential plugin definition.</summary>
internal sealed class ExecConfig
{
    /// <summary><c>client.authentication.k8s.io/v1</c> (default) or <c>/v1beta1</c>.</summary>
    public string ApiVersion { get; set; } = "client.authentication.k8s.io/v1";

    /// <summary>Executable; a relative path with a slash is resolved against the kubeconfig's folder.</summary>
    public required string Command { get; set; }

    public List<string> Args { get; set; } = [];

    /// <summary>Extra environment variables for the plugin.</summary>
    public Dictionary<string, string> Env { get; set; } = [];

    /// <summary>Shown when the command is missing.</summary>
    public string? InstallHint { get; set; }

    /// <summary>Pass the cluster (server, CA) in <c>KUBERNETES_EXEC_INFO</c>. Default false.</summary>
    public bool ProvideClusterInfo { get; set; }
}
