using Nereid.Kubernetes.Quantities;

namespace Nereid.Server.Slurm;

/// <summary>
/// A namespace's quotas as Slurm group limits (GrpTRES): <c>requests.cpu</c> → <c>cpu</c> (whole CPUs, rounded up),
/// <c>requests.memory</c> → <c>mem</c> (MiB, rounded up), <c>requests.nvidia.com/gpu</c> → <c>gres/gpu</c>, and
/// <c>requests.nvidia.com/&lt;type&gt;</c> → <c>gres/gpu:&lt;type&gt;</c>. Other quota keys have no Slurm counterpart.
/// </summary>
internal static class SlurmLimits
{
    private const string GpuPrefix = "requests.nvidia.com/";

    /// <summary>The GrpTRES for the effective quotas (resource → Kubernetes quantity); unparsable values are skipped.</summary>
    public static IReadOnlyDictionary<string, long> FromQuotas(IReadOnlyDictionary<string, string> quotas)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        var limits = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (resource, text) in quotas)
        {
            if (!Quantity.TryParse(text, out var quantity) || quantity.Value < 0)
                continue;
            var tres = resource switch
            {
                "requests.cpu" or "cpu" => "cpu",
                "requests.memory" or "memory" => "mem",
                "requests.nvidia.com/gpu" => "gres/gpu",
                _ when resource.StartsWith(GpuPrefix, StringComparison.Ordinal) => "gres/gpu:" + resource[GpuPrefix.Length..],
                _ => null,
            };
            if (tres is null)
                continue;
            limits[tres] = tres == "mem"
                ? (long)Math.Ceiling(quantity.Value / (1024m * 1024m))
                : (long)Math.Ceiling(quantity.Value);
        }
        return limits;
    }
}
