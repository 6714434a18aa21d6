using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Resources;

/// <summary>Which tolerations the pods of a set of namespaces may use, from <see cref="ResourcesOptions"/>.</summary>
internal static class TolerationPolicy
{
    /// <summary>The reservation toleration of each namespace plus the configured extras (and the <c>*</c> entry).</summary>
    public static IReadOnlyList<Toleration> For(ResourcesOptions options, IEnumerable<string> namespaces)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(namespaces);
        var result = new List<Toleration>();
        foreach (var ns in namespaces.Append("*"))
        {
            if (ns != "*" && !string.IsNullOrEmpty(options.ReservationTaintKey))
                result.Add(new Toleration { Key = options.ReservationTaintKey, Operator = "Equal", Value = ns });
            foreach (var text in options.NamespaceTolerations.GetValueOrDefault(ns) ?? [])
                result.Add(TaintMatching.ParseToleration(text));
        }
        return result;
    }
}
