using Nereid.Domain.Clusters;

namespace Nereid.Server.Placement;

/// <summary>One namespace's placement and how each cluster stands.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Version">Its version (the ETag for If-Match).</param>
/// <param name="IsDefault">True when no cluster was chosen explicitly and the platform's default set applies.</param>
/// <param name="Clusters">Every connected cluster, plus any the namespace is still being removed from.</param>
internal sealed record PlacementView(string Namespace, int Version, bool IsDefault, IReadOnlyList<ClusterPlacementView> Clusters)
    : Namespaces.INamespaceSettingView;

/// <summary>The namespace in one cluster.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Region">Its region, when configured.</param>
/// <param name="Placed">True when the namespace should exist there.</param>
/// <param name="RemovalDue">When a namespace taken off the cluster is deleted there (end of the grace period).</param>
/// <param name="Condition">Ready, Progressing or Degraded from the last pass; NotPlaced when there is nothing of it there.</param>
/// <param name="Reason">The condition's reason.</param>
/// <param name="Message">The condition's message.</param>
/// <param name="ObservedVersion">The namespace version the last pass there worked from.</param>
/// <param name="LastSyncedAt">When that pass ended.</param>
/// <param name="Behind">True when the cluster does not yet show the namespace's current version as Ready.</param>
/// <param name="BehindReason">Why, in words, when <paramref name="Behind"/>.</param>
/// <param name="Quota">Quota overrides for this cluster only; null for people outside the namespace.</param>
/// <param name="Conditions">The conditions behind the summary.</param>
internal sealed record ClusterPlacementView(string Cluster, string? Region, bool Placed, DateTime? RemovalDue, string Condition, string Reason,
    string Message, int ObservedVersion, DateTime? LastSyncedAt, bool Behind, string? BehindReason, IReadOnlyDictionary<string, string>? Quota,
    IReadOnlyList<NamespaceCondition> Conditions)
{
    /// <summary>The condition as last observed (equal to <see cref="Condition"/> unless stale).</summary>
    public string LastKnownCondition { get; init; } = Condition;

    /// <summary>When the stored status was last computed from the cluster (<see cref="LastSyncedAt"/>, as an offset).</summary>
    public DateTimeOffset? ObservedAt { get; init; }

    /// <summary>True when the cluster did not answer its last check: the rest is the last known state, never called Ready.</summary>
    public bool Stale { get; init; }

    /// <summary>Why the status is stale (which source, since when, the error); null when not stale.</summary>
    public string? StaleReason { get; init; }

    /// <summary>Since when the cluster has not answered; null when not stale.</summary>
    public DateTimeOffset? UnreachableSince { get; init; }
}

/// <summary>A placement change: the clusters (null: the platform's default set) and per-cluster quota overrides.</summary>
/// <param name="Clusters">The clusters to place the namespace on; null returns it to the default set.</param>
/// <param name="Quotas">Cluster → resource → quantity, replacing every per-cluster override; null leaves them as they are (platform admins only).</param>
internal sealed record PlacementInput(List<string>? Clusters, Dictionary<string, Dictionary<string, string?>>? Quotas);
