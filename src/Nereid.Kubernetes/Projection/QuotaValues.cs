using System.Text.RegularExpressions;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Kubernetes.Projection;

/// <summary>
/// ResourceQuota <c>hard</c> values: the merge order (defaults ← configured overrides ← stored overrides) and the
/// checks Kubernetes applies to a key (a qualified name, such as <c>requests.memory</c> or
/// <c>requests.nvidia.com/gpu</c>) and a value (a non-negative quantity).
/// </summary>
public static partial class QuotaValues
{
    /// <summary>Merges the layers; a later layer replaces a key of an earlier one. Keys come out sorted.</summary>
    public static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> defaults,
        IReadOnlyDictionary<string, string>? configured, IReadOnlyDictionary<string, string>? stored)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var hard = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in new[] { defaults, configured, stored })
        {
            foreach (var (k, v) in layer ?? new Dictionary<string, string>())
            {
                hard[k] = v;
            }
        }
        return hard;
    }

    /// <summary>Why <paramref name="resource"/> cannot be a ResourceQuota key, or null when it can.</summary>
    public static string? CheckResourceName(string? resource)
    {
        if (string.IsNullOrEmpty(resource))
        {
            return "A resource name is required.";
        }
        var slash = resource.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? (null, resource) : (resource[..slash], resource[(slash + 1)..]);
        if (name.Length is 0 or > 63 || !NamePart().IsMatch(name))
        {
            return $"'{resource}' is not a valid resource name: the part after any '/' has 1–63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.";
        }
        if (prefix is not null && (prefix.Length is 0 or > 253 || !prefix.Split('.').All(Labels.IsDnsLabel)))
        {
            return $"'{resource}' is not a valid resource name: the prefix before '/' must be a lower-case DNS subdomain.";
        }
        return null;
    }

    /// <summary>Parses a quota value; returns the canonical text, or null with <paramref name="error"/> set.</summary>
    public static string? Canonical(string resource, string? value, out string? error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            error = $"A quantity for {resource} is required.";
            return null;
        }
        if (!QuantityParser.TryParse(value.Trim(), out var q, out var parseError))
        {
            error = $"'{value}' for {resource} is not a Kubernetes quantity ({parseError}).";
            return null;
        }
        if (q < Quantity.Zero)
        {
            error = $"The quantity for {resource} must not be negative.";
            return null;
        }
        error = null;
        return q.ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePart();
}
