using System.Text.Json;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// Where the client's cold-pass allocations go, stage by stage, for the objects of <c>sample</c> namespaces the cold
/// pass already created: building the desired objects, serializing and hashing them (as a first pass does: body, hash,
/// the stamp spliced in), decoding each object's metadata as its watch event delivers it, and one apply (dry run, so no
/// watch event follows) and one GET through the client. The in-process stages count this thread's bytes; the HTTP
/// stages count the whole process's (the send and the response read hop threads), one request at a time. Building and
/// stamping are also timed (<see cref="TimeBuildAndStamp"/>): work every cold pass does before its first request, which
/// the apply floor leaves out.
/// </summary>
internal sealed partial class ReconcileRig
{
    public async Task<AllocationStages> MeasureAllocationsAsync(int sample, CancellationToken cancellationToken)
    {
        var projection = new ProjectionOptions();
        var entries = _controller.Desired.Names.Order(StringComparer.Ordinal).Take(sample).Select(n => _controller.Desired.Get(n)!).ToList();
        var objects = 0;
        long build = 0, serialize = 0, decode = 0;
        var applyOptions = new ApplyOptions(ProjectionNames.FieldManager, Force: true, DryRun: true);
        var requests = new List<(OwnedKind Kind, KubeObject Obj, byte[] Json)>();
        foreach (var entry in entries)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var planned = NamespaceProjection.Build(entry.Snapshot, projection).Objects.Select(o => (Kind: OwnedKinds.Of(o), Obj: o)).ToList();
            build += GC.GetAllocatedBytesForCurrentThread() - before;
            foreach (var (kind, obj) in planned)
            {
                objects++;
                before = GC.GetAllocatedBytesForCurrentThread();
                var (_, json) = AppliedStamp.StampForApply(kind, obj);
                serialize += GC.GetAllocatedBytesForCurrentThread() - before;
                requests.Add((kind, obj, json));

                // The stored object's metadata as the watch sends it (managedFields included), decoded as the informer does.
                var observed = ((IObservedObjects)_controller.Observed).Find(kind, obj.Metadata.Namespace, obj.Metadata.Name!)
                    ?? throw new InvalidOperationException($"{kind} {obj.Metadata.Name} is not in the informer cache.");
                var line = JsonSerializer.SerializeToUtf8Bytes(observed, observed.GetType(), KubeJson.Options);
                before = GC.GetAllocatedBytesForCurrentThread();
                _ = JsonSerializer.Deserialize(line, observed.GetType(), KubeJson.Options);
                decode += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        var applyBefore = GC.GetTotalAllocatedBytes(precise: true);
        foreach (var (kind, obj, json) in requests)
        {
            _ = await kind.ApplyVersionAsync(Client, obj, json, applyOptions, cancellationToken);
        }
        var apply = GC.GetTotalAllocatedBytes(precise: true) - applyBefore;
        var getBefore = GC.GetTotalAllocatedBytes(precise: true);
        foreach (var (kind, obj, _) in requests)
        {
            _ = await kind.GetAsync(Client, obj.Metadata.Namespace, obj.Metadata.Name!, cancellationToken);
        }
        var get = GC.GetTotalAllocatedBytes(precise: true) - getBefore;
        double PerObject(long bytes) => bytes / 1024.0 / Math.Max(1, objects);
        return new AllocationStages(objects, PerObject(build), PerObject(serialize), PerObject(decode), PerObject(apply), PerObject(get),
            TimeBuildAndStamp(entries, projection));
    }

    /// <summary>
    /// Microseconds per object to build the sample's objects and stamp them (serialize, hash, splice), as a first pass
    /// does: the fastest of five rounds over fresh projections, timed apart from the allocation counting above (whose
    /// calls between objects, and first touches of each object, made the same work look two to four times dearer).
    /// </summary>
    private static double TimeBuildAndStamp(IReadOnlyList<DesiredEntry> entries, ProjectionOptions projection)
    {
        var fastest = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var objects = 0;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            foreach (var entry in entries)
            {
                foreach (var obj in NamespaceProjection.Build(entry.Snapshot, projection).Objects)
                {
                    _ = AppliedStamp.StampForApply(OwnedKinds.Of(obj), obj);
                    objects++;
                }
            }
            fastest = Math.Min(fastest, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds / Math.Max(1, objects));
        }
        return fastest;
    }
}

/// <summary>KiB allocated per object by each stage of <see cref="ReconcileRig.MeasureAllocationsAsync"/>.</summary>
internal sealed record AllocationStages(int Objects, double Build, double Serialize, double Decode, double Apply, double Get, double BuildMicroseconds)
{
    public override string ToString() =>
        $"{Objects} objects, KiB per object: build {Build:0.0}, serialize+hash {Serialize:0.0}, watch decode {Decode:0.0}, " +
        $"apply round trip (dry run) {Apply:0.0}, GET round trip {Get:0.0}; building, serializing and stamping took {BuildMicroseconds:0.0} µs per object";
}
