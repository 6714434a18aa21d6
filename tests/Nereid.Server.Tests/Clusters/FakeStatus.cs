using Nereid.Domain.Clusters;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

/// <summary>Keeps every status update in memory, in order.</summary>
internal sealed class FakeStatus : IStatusSink
{
    public List<StatusUpdate> Updates { get; } = [];

    public StatusUpdate LastUpdate => Updates[^1];

    public IReadOnlyList<NamespaceCondition> Last(string cluster, NamespaceKey key) =>
        Updates.LastOrDefault(u => u.Cluster == cluster && u.Namespace == key.Name) is { Remove: false } u ? u.Conditions : [];

    public void Enqueue(StatusUpdate update) => Updates.Add(update);

    public NamespaceCondition Condition(string type) => LastUpdate.Conditions.Single(c => c.Type == type);
}
