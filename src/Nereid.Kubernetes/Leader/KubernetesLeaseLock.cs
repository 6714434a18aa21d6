using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Leader;

/// <summary>A lease kept in a coordination.k8s.io/v1 Lease; resourceVersion makes every update a compare-and-swap.</summary>
internal sealed class KubernetesLeaseLock(IKubeClient client, string @namespace, string name) : ILeaseLock
{
    private Lease? _last;

    /// <inheritdoc />
    public string Description => $"{@namespace}/{name}";

    /// <inheritdoc />
    public async Task<LeaseRecord?> GetAsync(CancellationToken cancellationToken)
    {
        _last = await client.GetAsync<Lease>(@namespace, name, cancellationToken).ConfigureAwait(false);
        return _last is null ? null : RecordOf(_last);
    }

    /// <inheritdoc />
    public async Task<LeaseRecord?> TryCreateAsync(LeaseRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            _last = await client.CreateAsync(new Lease { Metadata = new ObjectMeta { Name = name, Namespace = @namespace }, Spec = SpecOf(record) },
                cancellationToken).ConfigureAwait(false);
            return RecordOf(_last);
        }
        catch (KubeApiException ex) when (ex.IsAlreadyExists || ex.IsConflict)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<LeaseRecord?> TryUpdateAsync(LeaseRecord observed, LeaseRecord next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(next);
        // Keep whatever else the object carries (labels, annotations) when it is the one we read.
        var metadata = _last?.Metadata.ResourceVersion == observed.Version ? _last!.Metadata : new ObjectMeta { Name = name, Namespace = @namespace };
        metadata.ResourceVersion = observed.Version;
        try
        {
            _last = await client.UpdateAsync(new Lease { Metadata = metadata, Spec = SpecOf(next) }, cancellationToken).ConfigureAwait(false);
            return RecordOf(_last);
        }
        catch (KubeApiException ex) when (ex.IsConflict)
        {
            return null;
        }
    }

    private static LeaseSpec SpecOf(LeaseRecord r) => new()
    {
        HolderIdentity = r.Holder,
        LeaseDurationSeconds = r.DurationSeconds,
        AcquireTime = r.AcquireTime,
        RenewTime = r.RenewTime,
        LeaseTransitions = r.Transitions,
    };

    private static LeaseRecord RecordOf(Lease lease)
    {
        var spec = lease.Spec ?? new LeaseSpec();
        return new LeaseRecord(spec.HolderIdentity, spec.LeaseDurationSeconds ?? 0, spec.AcquireTime, spec.RenewTime, spec.LeaseTransitions ?? 0,
            lease.Metadata.ResourceVersion);
    }
}
