using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Slurm;

/// <summary>
/// One Slurm cluster Nereid projects namespaces into, through its slurmrestd; the section <c>Nereid:Slurm:Clusters</c> is a
/// list of these. The embedded default has none.
/// </summary>
internal sealed class SlurmClusterOptions
{
    /// <summary>The list's configuration section.</summary>
    public const string Section = "Nereid:Slurm:Clusters";

    /// <summary>Name shown to people (a DNS label, unique among Slurm clusters). Required.</summary>
    [Required, RegularExpression("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", ErrorMessage = "Name must be a DNS label.")]
    public string Name { get; set; } = "";

    /// <summary>slurmrestd base URL (e.g. <c>https://slurm.example.edu:6820/</c>). Required.</summary>
    [Required, Url]
    public string RestUrl { get; set; } = "";

    /// <summary>The cluster's <c>ClusterName</c> in slurm.conf, as slurmdbd knows it. Required.</summary>
    [Required, RegularExpression("^[a-z0-9_-]{1,40}$", ErrorMessage = "ClusterName must be Slurm's lower-case cluster name.")]
    public string ClusterName { get; set; } = "";

    /// <summary>Nereid's own Slurm identity (an administrator account, never a person's): sent as <c>X-SLURM-USER-NAME</c>. Required.</summary>
    [Required, RegularExpression("^[a-z_][a-z0-9_.-]{0,31}$", ErrorMessage = "UserName must be a POSIX user name.")]
    public string UserName { get; set; } = "";

    /// <summary>File holding that identity's JWT (<c>scontrol token</c> or signed with the cluster's key); re-read on change so it can be rotated. Set this or <see cref="Token"/>.</summary>
    public string? TokenFile { get; set; }

    /// <summary>The JWT itself, for development and tests; prefer <see cref="TokenFile"/>. Default none.</summary>
    public string? Token { get; set; }

    /// <summary>Namespaces placed on this cluster (their Slurm accounts); <c>*</c> places every namespace. Default none.</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>True when <paramref name="namespaceName"/> is placed on this cluster.</summary>
    public bool Places(string namespaceName) =>
        Namespaces.Contains("*", StringComparer.Ordinal) || Namespaces.Contains(namespaceName, StringComparer.Ordinal);
}
