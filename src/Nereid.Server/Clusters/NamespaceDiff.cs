namespace Nereid.Server.Clusters;

/// <summary>What a reconcile pass would change for one namespace, per connected cluster (nothing is written to find out).</summary>
/// <param name="Namespace">The Nereid namespace.</param>
/// <param name="Clusters">One entry per connected cluster.</param>
internal sealed record NamespaceDiff(string Namespace, IReadOnlyList<ClusterDiff> Clusters);

/// <summary>The changes in one cluster; <paramref name="Error"/> says why the cluster could not be compared.</summary>
internal sealed record ClusterDiff(string Cluster, IReadOnlyList<ObjectDiff> Objects, string? Error = null);

/// <summary>One owned object: <c>create</c>, <c>update</c> (with the changed fields), <c>delete</c> or <c>unchanged</c>.</summary>
/// <param name="Kind">Kubernetes kind.</param>
/// <param name="Namespace">Its namespace; null for the Namespace itself.</param>
/// <param name="Name">Its name.</param>
/// <param name="Action">create, update, delete or unchanged.</param>
/// <param name="Fields">For updates: the paths (<c>spec.hard["requests.cpu"]</c>) the pass would change.</param>
/// <param name="Note">Extra detail (when a pending deletion happens).</param>
internal sealed record ObjectDiff(string Kind, string? Namespace, string Name, string Action, IReadOnlyList<string> Fields, string? Note = null);

/// <summary>The actions of <see cref="ObjectDiff"/>.</summary>
internal static class DiffActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string Unchanged = "unchanged";
}
