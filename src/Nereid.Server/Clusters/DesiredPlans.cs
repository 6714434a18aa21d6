using System.Collections.Concurrent;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

/// <summary>One desired object of a namespace, its identity, and (once serialized) the hash of its apply body.</summary>
internal sealed class PlannedObject(OwnedKind kind, KubeObject obj)
{
    public OwnedKind Kind { get; } = kind;

    public KubeObject Object { get; } = obj;

    public string Id { get; } = kind.Id(obj.Metadata.Namespace, obj.Metadata.Name!);

    /// <summary>Set by the first pass that serializes the object; the object never changes after that.</summary>
    public byte[]? Hash { get; set; }
}

/// <summary>
/// The projection of each namespace, built once per desired version instead of on every pass: a resync of an
/// unchanged namespace neither rebuilds nor re-serializes its objects. Passes of one key never overlap (the work
/// queue guarantees it), so a plan is only ever used by one pass at a time.
/// </summary>
internal sealed class DesiredPlans(ProjectionOptions projection)
{
    private readonly ConcurrentDictionary<string, Plan> _plans = new(StringComparer.Ordinal);

    /// <summary>The objects <paramref name="entry"/> projects to; throws <see cref="ProjectionException"/> on bad input.</summary>
    public IReadOnlyList<PlannedObject> For(DesiredEntry entry)
    {
        // Same version and the very same snapshot: the projection cannot differ (a reload replaces the snapshot).
        if (_plans.TryGetValue(entry.Name, out var plan) && plan.Version == entry.Version && ReferenceEquals(plan.Snapshot, entry.Snapshot))
        {
            return plan.Objects;
        }
        var target = NamespaceProjection.Build(entry.Snapshot, projection);
        plan = new Plan(entry.Version, entry.Snapshot, [.. target.Objects.Select(o => new PlannedObject(OwnedKinds.Of(o), o))]);
        _plans[entry.Name] = plan;
        return plan.Objects;
    }

    /// <summary>Drops the plan of a namespace that is gone or being deleted.</summary>
    public void Forget(string name) => _plans.TryRemove(name, out _);

    private sealed record Plan(int Version, NamespaceSnapshot Snapshot, IReadOnlyList<PlannedObject> Objects);
}
