using Microsoft.Extensions.Options;

namespace Nereid.Server.Slurm;

/// <summary>The registered Slurm clusters and which namespaces each one carries.</summary>
internal sealed class SlurmClusters(IOptions<List<SlurmClusterOptions>> options)
{
    /// <summary>Every registered Slurm cluster, in configuration order (none on the embedded default).</summary>
    public IReadOnlyList<SlurmClusterOptions> All { get; } = options.Value;

    /// <summary>The clusters <paramref name="namespaceName"/> is placed on.</summary>
    public IReadOnlyList<SlurmClusterOptions> PlacementOf(string namespaceName) => All.Where(c => c.Places(namespaceName)).ToList();

    /// <summary>The cluster called <paramref name="name"/>, or null.</summary>
    public SlurmClusterOptions? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
