using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Projection;
using Nereid.Server.NamespaceQuotas;

namespace Nereid.Server.Placement;

internal sealed partial class PlacementService
{
    /// <summary>The chosen clusters, each a connected one; null keeps the default set.</summary>
    private List<string>? ValidateClusters(List<string>? wanted)
    {
        if (wanted is null)
            return null;
        if (wanted.Count == 0)
            throw ValidationFailedException.For("clusters", "Choose at least one cluster, or send null to follow the platform's default set.");
        var unknown = wanted.Where(c => clusters.Find(c ?? "") is null).ToList();
        if (unknown.Count > 0)
            throw ValidationFailedException.For("clusters", $"No connected cluster is named {string.Join(", ", unknown.Select(c => $"'{c}'"))}.");
        return [.. wanted.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every cluster connected and every value a canonical quantity for a valid resource name.</summary>
    private SortedDictionary<string, SortedDictionary<string, string>> ValidateQuotas(Dictionary<string, Dictionary<string, string?>> input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var result = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (cluster, values) in input)
        {
            if (clusters.Find(cluster) is null)
            {
                errors[$"quotas[{cluster}]"] = [$"No connected cluster is named '{cluster}'."];
                continue;
            }
            if (values is null || values.Count > NamespaceClusterQuota.MaxPerCluster)
            {
                errors[$"quotas[{cluster}]"] = [$"Send at most {NamespaceClusterQuota.MaxPerCluster} resource → quantity pairs per cluster."];
                continue;
            }
            var wanted = QuotaPairs.Canonicalize(values, $"quotas[{cluster}]", errors);
            if (wanted.Count > 0)
                result[cluster] = wanted;
        }
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        return result;
    }
}
