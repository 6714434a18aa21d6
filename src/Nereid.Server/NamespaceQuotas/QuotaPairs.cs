using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.NamespaceQuotas;

/// <summary>Checks resource → quantity pairs as sent by people; shared by namespace-wide and per-cluster quota overrides.</summary>
internal static class QuotaPairs
{
    /// <summary>
    /// The pairs with trimmed keys and canonical quantities; each bad pair adds an error under
    /// <c>{fieldPrefix}[{key}]</c> to <paramref name="errors"/> and is left out.
    /// </summary>
    public static SortedDictionary<string, string> Canonicalize(Dictionary<string, string?> pairs, string fieldPrefix, Dictionary<string, string[]> errors)
    {
        var wanted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawKey, value) in pairs)
        {
            var key = (rawKey ?? "").Trim();
            var field = $"{fieldPrefix}[{key}]";
            if (QuotaValues.CheckResourceName(key) is { } badName)
                errors[field] = [badName];
            else if (QuotaValues.Canonical(key, value, out var badValue) is { } canonical && canonical.Length <= NamespaceQuotaOverride.MaxQuantityLength)
            {
                if (!wanted.TryAdd(key, canonical))
                    errors[field] = [$"{key} appears twice."];
            }
            else
                errors[field] = [badValue ?? $"The quantity for {key} is too long."];
        }
        return wanted;
    }
}
