using Nereid.Domain.Clusters;

namespace Nereid.Server.Clusters;

/// <summary>Port: where the reconciler puts status (the database, batched by <see cref="StatusWriter"/>).</summary>
internal interface IStatusSink
{
    /// <summary>The conditions last written for the namespace in the cluster, or empty when none are known.</summary>
    IReadOnlyList<NamespaceCondition> Last(string cluster, NamespaceKey key);

    /// <summary>Queues an update (a newer one for the same key replaces it).</summary>
    void Enqueue(StatusUpdate update);
}
