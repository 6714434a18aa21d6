namespace Nereid.Domain.Clusters;

/// <summary>
/// One condition of a namespace in a cluster, shaped as Kubernetes API conventions describe conditions.
/// </summary>
/// <param name="Type"><see cref="NamespaceConditionTypes.Ready"/>, <see cref="NamespaceConditionTypes.Progressing"/> or <see cref="NamespaceConditionTypes.Degraded"/>.</param>
/// <param name="Status"><c>True</c>, <c>False</c> or <c>Unknown</c>.</param>
/// <param name="Reason">Short CamelCase reason (e.g. <c>Applied</c>, <c>InvalidInput</c>, <c>ApiError</c>).</param>
/// <param name="Message">Human-readable detail.</param>
/// <param name="LastTransitionTime">When <paramref name="Status"/> last changed (UTC); kept while it stays the same.</param>
/// <param name="ObservedGeneration">The namespace <c>Version</c> the pass that set this condition worked from.</param>
public sealed record NamespaceCondition(string Type, string Status, string Reason, string Message, DateTime LastTransitionTime, int ObservedGeneration);

/// <summary>The condition types a namespace has in each cluster.</summary>
public static class NamespaceConditionTypes
{
    /// <summary>Every desired object is applied and nothing extra is left.</summary>
    public const string Ready = "Ready";

    /// <summary>Work is under way (first pass pending, deletion waiting for its grace period, a transient error).</summary>
    public const string Progressing = "Progressing";

    /// <summary>The input cannot be projected; a person must fix the data.</summary>
    public const string Degraded = "Degraded";
}

/// <summary>Condition status values.</summary>
public static class ConditionStatus
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";
}
