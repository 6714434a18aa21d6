using System.Globalization;
using Nereid.Domain.Clusters;

namespace Nereid.Server.Clusters;

/// <summary>
/// Status as conditions, computed once per pass from desired state, what was observed and how the pass ended — never
/// patched from the old status, except that a condition whose status did not change keeps its lastTransitionTime.
/// </summary>
internal static class NamespaceConditions
{
    private const int MaxMessage = 2000;

    /// <summary>Ready, Progressing and Degraded for one pass over a namespace at generation <paramref name="generation"/>.</summary>
    public static IReadOnlyList<NamespaceCondition> Compute(int generation, ObservedSummary observed, PassReport pass,
        IReadOnlyList<NamespaceCondition> previous, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(previous);
        var (ready, progressing, degraded) = pass.Outcome switch
        {
            PassOutcome.Applied => (
                True("Applied", Applied(observed)), False("Applied", ""), False("AsExpected", "")),
            PassOutcome.Raced => (
                False("ForeignWrite", "Another writer changed an object during the apply; checking again."),
                True("ForeignWrite", Applied(observed)), False("AsExpected", "")),
            PassOutcome.DeletionPending => (
                False("DeletionPending", "Deletion was requested."),
                True("DeletionPending", $"The Kubernetes namespace is deleted at {Format(pass.DeletionDue)} (grace period)."),
                False("AsExpected", "")),
            PassOutcome.Deleted => (
                True("Deleted", "The Kubernetes namespace was deleted."), False("Deleted", ""), False("AsExpected", "")),
            PassOutcome.RemovalPending => (
                False("RemovalPending", "The namespace is no longer placed on this cluster."),
                True("RemovalPending", $"The Kubernetes namespace is deleted at {Format(pass.DeletionDue)} (grace period)."),
                False("AsExpected", "")),
            PassOutcome.Unplaced => (
                True("Unplaced", "The namespace is no longer placed on this cluster; its Kubernetes namespace was deleted."),
                False("Unplaced", ""), False("AsExpected", "")),
            PassOutcome.NotPlaced => (
                False("NotPlaced", "The namespace is not placed on this cluster, but its Kubernetes namespace is here; it is left in place "
                    + "because no placement change removed it (place it here, or place it elsewhere explicitly, to settle it)."),
                False("NotPlaced", ""), False("AsExpected", "")),
            PassOutcome.InvalidInput => (
                False("InvalidInput", pass.Detail), False("InvalidInput", ""), True("InvalidInput", pass.Detail)),
            PassOutcome.Rejected => (
                False("Rejected", pass.Detail), False("Rejected", ""), True("Rejected", pass.Detail)),
            PassOutcome.ApiError => (
                False("ApiError", pass.Detail), True("ApiError", pass.Detail), False("AsExpected", "")),
            _ => throw new ArgumentOutOfRangeException(nameof(pass), pass.Outcome, "Unknown pass outcome."),
        };
        NamespaceCondition Make(string type, (string Status, string Reason, string Message) c) =>
            new(type, c.Status, c.Reason, Trim(c.Message), now, generation);
        return KeepTransitionTimes(previous,
        [
            Make(NamespaceConditionTypes.Ready, ready),
            Make(NamespaceConditionTypes.Progressing, progressing),
            Make(NamespaceConditionTypes.Degraded, degraded),
        ]);
    }

    /// <summary>
    /// <paramref name="next"/> with each condition's lastTransitionTime taken from <paramref name="previous"/> when its
    /// status is unchanged (Kubernetes API conventions: the time the condition last changed from one status to another).
    /// </summary>
    public static IReadOnlyList<NamespaceCondition> KeepTransitionTimes(IReadOnlyList<NamespaceCondition> previous, IReadOnlyList<NamespaceCondition> next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        return [.. next.Select(c => previous.FirstOrDefault(p => p.Type == c.Type) is { } p && p.Status == c.Status
            ? c with { LastTransitionTime = p.LastTransitionTime }
            : c)];
    }

    /// <summary>The one-word summary older readers show: Degraded, else Ready, else Progressing; with that condition's reason and message.</summary>
    public static (ClusterCondition Condition, string Reason, string Message) Summarize(IReadOnlyList<NamespaceCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        NamespaceCondition? Get(string type) => conditions.FirstOrDefault(c => c.Type == type);
        if (Get(NamespaceConditionTypes.Degraded) is { Status: ConditionStatus.True } d)
        {
            return (ClusterCondition.Degraded, d.Reason, d.Message);
        }
        if (Get(NamespaceConditionTypes.Ready) is { Status: ConditionStatus.True } r)
        {
            return (ClusterCondition.Ready, r.Reason, r.Message);
        }
        var p = Get(NamespaceConditionTypes.Progressing) ?? Get(NamespaceConditionTypes.Ready);
        return (ClusterCondition.Progressing, p?.Reason ?? "Pending", p?.Message ?? "");
    }

    private static (string, string, string) True(string reason, string message) => (ConditionStatus.True, reason, message);

    private static (string, string, string) False(string reason, string message) => (ConditionStatus.False, reason, message);

    private static string Applied(ObservedSummary o) =>
        $"{o.Desired} objects match the database. This pass created {o.Missing}, updated {o.Changed} and deleted {o.Pruned}.";

    private static string Format(DateTime? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "the end of the grace period";

    private static string Trim(string message) => message.Length > MaxMessage ? message[..MaxMessage] : message;
}
