using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Sessions;

/// <summary>Interactive sessions through JupyterHub. Section <c>Nereid:Sessions</c>.</summary>
internal sealed class SessionsOptions
{
    public const string Section = "Nereid:Sessions";

    /// <summary>Node label holding the GPU product (GPU Feature Discovery); GPU choices pin it by node affinity. Default: <c>nvidia.com/gpu.product</c>.</summary>
    [Required, MaxLength(317)]
    public string GpuProductLabel { get; set; } = "nvidia.com/gpu.product";

    /// <summary>Most GPUs one session may ask for. Default: 4.</summary>
    [Range(1, 64)]
    public int MaxGpusPerSession { get; set; } = 4;

    /// <summary>
    /// The sizes offered, smallest first. Each is a CPU and memory amount (guarantee and limit alike, so sessions stay
    /// within the usage policy's request/limit rule) and a /dev/shm size (a memory-backed emptyDir). A size is offered in a
    /// namespace only while it fits what is left of the namespace's quota. Default (when empty): small (2 CPU, 8Gi, 1Gi shm),
    /// medium (4 CPU, 16Gi, 4Gi shm), large (8 CPU, 32Gi, 8Gi shm).
    /// </summary>
    public List<SessionSize> Sizes { get; set; } = [];

    /// <summary>The configured sizes, or the defaults when none are configured (binding would append to a pre-filled list).</summary>
    public IReadOnlyList<SessionSize> EffectiveSizes => Sizes.Count > 0 ? Sizes : DefaultSizes;

    private static readonly SessionSize[] DefaultSizes =
    [
        new() { Name = "small", Cpu = "2", Memory = "8Gi", Shm = "1Gi" },
        new() { Name = "medium", Cpu = "4", Memory = "16Gi", Shm = "4Gi" },
        new() { Name = "large", Cpu = "8", Memory = "32Gi", Shm = "8Gi" },
    ];

    /// <summary>Where each ReadWriteMany claim of the namespace is mounted: <c>&lt;root&gt;/&lt;claim&gt;</c>. Default: <c>/mnt</c>.</summary>
    [Required, RegularExpression("^/.*", ErrorMessage = "VolumeMountRoot is an absolute path.")]
    public string VolumeMountRoot { get; set; } = "/mnt";

    /// <summary>
    /// JupyterHub's public URL, e.g. <c>https://jupyter.example.edu/</c>; the Sessions page and API read its REST API.
    /// Default: null (no hub: the Sessions page says so).
    /// </summary>
    [Url]
    public string? JupyterHubUrl { get; set; }

    /// <summary>
    /// API token of a JupyterHub service allowed to list users and stop servers (scopes <c>list:users</c>, <c>read:users</c>,
    /// <c>read:servers</c>, <c>admin:servers</c>); required with <see cref="JupyterHubUrl"/>. Keep it in a secret. Default: null.
    /// </summary>
    public string? JupyterHubApiToken { get; set; }

    /// <summary>The cluster JupyterHub spawns into (its nodes, pods and claims feed the options). Default: null, every connected cluster.</summary>
    public string? Cluster { get; set; }

    /// <summary>
    /// How long one person's options may be answered from memory while the inventory snapshot is the same (a cordon, a new
    /// pod or a node change is seen at once; a membership, quota or catalogue change within this time). 0 disables.
    /// Default 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan OptionsCacheTime { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>One size of session.</summary>
internal sealed class SessionSize
{
    /// <summary>Choice key, a DNS label such as <c>small</c>.</summary>
    [Required, RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public string Name { get; set; } = "";

    /// <summary>CPU cores (a Kubernetes quantity).</summary>
    [Required]
    public string Cpu { get; set; } = "";

    /// <summary>Memory (a Kubernetes quantity).</summary>
    [Required]
    public string Memory { get; set; } = "";

    /// <summary>Size of /dev/shm (a Kubernetes quantity), counted against the memory limit as the kubelet does.</summary>
    [Required]
    public string Shm { get; set; } = "";
}
