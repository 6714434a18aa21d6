namespace Nereid.Server.Federation;

/// <summary>The federation switch of one namespace and how each cluster stands.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Version">Its version (the ETag for If-Match).</param>
/// <param name="Federated">True when its pods may be scheduled across the clusters it is placed on (through Admiralty).</param>
/// <param name="Clusters">Every connected cluster.</param>
internal sealed record FederationView(string Namespace, int Version, bool Federated, IReadOnlyList<ClusterFederationView> Clusters)
    : Namespaces.INamespaceSettingView;

/// <summary>The federation of a namespace on one cluster.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Placed">True when the namespace is placed there (only placed clusters federate).</param>
/// <param name="Condition">Ready, Degraded, Unknown (no pass stored yet, or the cluster does not answer this replica), NotFederated or NotPlaced.</param>
/// <param name="Reason">The condition's reason.</param>
/// <param name="Message">Which cluster is behind and why, in words.</param>
/// <param name="ObservedAt">When a pass first observed the condition as it stands (kept while it stays the same).</param>
internal sealed record ClusterFederationView(string Cluster, bool Placed, string Condition, string Reason, string Message, DateTimeOffset? ObservedAt);

/// <summary>The body of PUT /api/v1/namespaces/{name}/federation.</summary>
/// <param name="Federated">On or off.</param>
internal sealed record FederationInput(bool? Federated);
