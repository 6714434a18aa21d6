using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Resources.Words;

/// <summary>Why a node is not for the caller: unavailable (NotReady, cordoned), a taint or reservation their namespaces do not tolerate, or no quota left.</summary>
internal static class ForMeReasons
{
    /// <summary>Every reason, in words; empty when the caller's pods could start on <paramref name="node"/> now.</summary>
    public static IReadOnlyList<string> Of(NodeInventory node, IReadOnlyCollection<Toleration> tolerations, string? reservationKey, QuotaRoom quota)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(quota);
        var reasons = new List<string>();
        if (quota.NoNamespace)
            reasons.Add("you are not a member of any namespace yet, so no pod of yours can start");
        reasons.AddRange(node.UnavailableReasons.Select(ResourceWords.Unavailable));
        foreach (var taint in TaintMatching.Untolerated(node.BlockingTaints, tolerations))
        {
            reasons.Add(reservationKey is not null && taint.Key == reservationKey && !string.IsNullOrEmpty(taint.Value)
                ? $"reserved for namespace {taint.Value}, which you are not a member of"
                : $"tainted {Raw(taint)} ({TaintWords.Describe(taint.Key ?? "", taint.Value, taint.Effect ?? "", reservationKey)}), and none of your namespaces tolerates it");
        }
        // Quota matters for what the node is for: a GPU node whose GPUs no namespace of the caller may request.
        var accelerators = Accelerators.Of(node).Select(a => a.Resource).Distinct(StringComparer.Ordinal).ToList();
        var blocked = accelerators.Select(quota.Blocked).ToList();
        if (accelerators.Count > 0 && blocked.All(b => b is not null))
            reasons.AddRange(blocked!);
        return reasons;
    }

    private static string Raw(Taint t) => $"{t.Key}{(t.Value is null ? "" : "=" + t.Value)}:{t.Effect}";
}
