namespace Nereid.Server.Federation;

/// <summary>
/// What one federated namespace needs: the cluster its users submit to (the Admiralty source) and every other cluster
/// it is placed on (the targets), each with how the source reaches it and the short-lived token it currently holds.
/// </summary>
internal sealed record FederationPlan(string Namespace, string SourceCluster, IReadOnlyList<FederationTarget> Targets);

/// <summary>
/// One target cluster as the source's Admiralty agent sees it: its API server URL, CA bundle (PEM, may be empty for a
/// publicly trusted server) and the TokenRequest token of the ServiceAccount Nereid keeps for the source there.
/// </summary>
internal sealed record FederationTarget(string Cluster, Uri Server, string CaPem, string Token);

/// <summary>One object to apply on one cluster, with the resource type that addresses it.</summary>
internal sealed record FederationObject(string Cluster, Nereid.Kubernetes.Models.ResourceType Type, Nereid.Kubernetes.Models.KubeObject Object);
