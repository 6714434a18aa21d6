using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

/// <summary>The projection options one cluster uses: the shared ones with that cluster's username prefix.</summary>
internal static class ClusterProjection
{
    /// <summary>The prefix the cluster's API servers give the groups claim (<see cref="ClusterOptions.GroupsPrefix"/>, its default for an unconfigured cluster).</summary>
    public static string GroupsPrefix(IEnumerable<ClusterOptions> clusters, string cluster)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        return clusters.FirstOrDefault(c => c.Name == cluster)?.GroupsPrefix ?? new ClusterOptions().GroupsPrefix;
    }

    public static ProjectionOptions For(ProjectionOptions p, IEnumerable<ClusterOptions> clusters, string cluster)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(clusters);
        var prefix = clusters.FirstOrDefault(c => c.Name == cluster)?.UsernamePrefix ?? p.UsernamePrefix;
        return new ProjectionOptions
        {
            PodSecurityEnforce = p.PodSecurityEnforce, PodSecurityWarn = p.PodSecurityWarn, PodSecurityAudit = p.PodSecurityAudit,
            UsernamePrefix = prefix, QuotaDefaults = p.QuotaDefaults, DefaultRequestMemory = p.DefaultRequestMemory,
            DefaultLimitMemory = p.DefaultLimitMemory, DefaultRequestCpu = p.DefaultRequestCpu, DefaultLimitCpu = p.DefaultLimitCpu,
            IngressNamespaces = p.IngressNamespaces, MaxDescriptionAnnotationLength = p.MaxDescriptionAnnotationLength,
        };
    }
}
