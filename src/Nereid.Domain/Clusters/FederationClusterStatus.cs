namespace Nereid.Domain.Clusters;

/// <summary>
/// How the federation of one namespace stands on one cluster, written by that cluster's federation leader and read by
/// every replica. A row with an empty <see cref="Namespace"/> speaks for the whole cluster (Admiralty not installed).
/// Rewritten only when what it says changes, so a resync that finds everything as before writes nothing.
/// </summary>
public sealed class FederationClusterStatus
{
    /// <summary>Longest message kept (a pass may list several failed objects).</summary>
    public const int MaxMessageLength = 2000;

    /// <summary>Cluster name from configuration.</summary>
    public string Cluster { get; init; } = "";

    /// <summary>Namespace name, or empty for a condition of the whole cluster.</summary>
    public string Namespace { get; init; } = "";

    /// <summary>Ready or Degraded.</summary>
    public string Condition { get; private set; } = "";

    /// <summary>Short CamelCase reason (e.g. <c>Federated</c>, <c>TargetUnreachable</c>, <c>AdmiraltyNotInstalled</c>).</summary>
    public string Reason { get; private set; } = "";

    /// <summary>Which cluster is behind and why, in words.</summary>
    public string Message { get; private set; } = "";

    /// <summary>When a pass first observed the condition as it stands (UTC); kept while it stays the same.</summary>
    public DateTime Since { get; private set; }

    /// <summary>A new row for what a pass observed at <paramref name="at"/>.</summary>
    public static FederationClusterStatus Observed(string cluster, string ns, string condition, string reason, string message, DateTime at)
    {
        var row = new FederationClusterStatus { Cluster = cluster, Namespace = ns };
        row.Observe(condition, reason, message, at);
        return row;
    }

    /// <summary>Takes what a pass observed; returns false (and changes nothing) when the row already says it.</summary>
    public bool Observe(string condition, string reason, string message, DateTime at)
    {
        var kept = message.Length > MaxMessageLength ? message[..MaxMessageLength] : message;
        if (Condition == condition && Reason == reason && Message == kept)
        {
            return false;
        }
        Condition = condition;
        Reason = reason;
        Message = kept;
        Since = at;
        return true;
    }
}
