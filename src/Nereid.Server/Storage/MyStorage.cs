using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Freshness;
using Nereid.Server.Namespaces;
using Nereid.Server.Outages;
using Nereid.Server.Storage.Buckets;
using Nereid.Server.Storage.S3;

namespace Nereid.Server.Storage;

/// <summary>
/// A person's storage as the portal shows it (the /storage page and the home page): for each of their namespaces and each
/// connected cluster, the volumes, their own S3 identity and the namespace's buckets, each read through its service. A source
/// that cannot be read gives its reason in words instead of failing the page.
/// </summary>
internal sealed class MyStorage(NereidDbContext db, VolumeService volumes, BucketService buckets, S3CredentialService s3,
    IOptions<ObjectStoreOptions> store, IClusterConnections clusters, SourceHealth health, TimeProvider time)
{
    /// <summary>Whether an object store is configured (S3 identities exist).</summary>
    public bool ObjectStore => store.Value.Enabled;

    /// <summary>
    /// Every namespace of <paramref name="actor"/> (effective memberships) on every connected cluster, by namespace name.
    /// With <paramref name="skipUnreachable"/> a cluster the probe finds unreachable is not asked (a page that only
    /// summarises, such as home, must not wait for its timeouts); its rows say why they are empty.
    /// </summary>
    public async Task<IReadOnlyList<NamespaceStorage>> ReadAsync(Actor actor, bool skipUnreachable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var names = await db.EffectiveMembershipsOf(actor.PersonId).Select(m => m.Namespace!.Name).OrderBy(n => n).ToListAsync(ct);
        var targets = clusters.Clusters.Count == 0 ? [null] : clusters.Clusters.Select(c => (string?)c.Name).ToList();
        var rows = new List<NamespaceStorage>();
        foreach (var ns in names)
        {
            foreach (var cluster in targets)
                rows.Add(skipUnreachable && cluster is not null && health.Cluster(cluster) is { Stale: true } stale ? NotRead(ns, cluster, stale) : await ReadAsync(actor, ns, cluster, ct));
        }
        return rows;
    }

    private NamespaceStorage NotRead(string ns, string cluster, SourceState stale)
    {
        var why = $"Not read: {stale.Label} does not answer.";
        return new NamespaceStorage(ns, cluster, [], why, time.GetUtcNow(), null, ObjectStore ? why : null, [], why);
    }

    private async Task<NamespaceStorage> ReadAsync(Actor actor, string ns, string? cluster, CancellationToken ct)
    {
        var readAt = time.GetUtcNow();
        var (list, volumesError) = await TryAsync<VolumeList?>(async () => await volumes.ListAsync(actor, ns, cluster, ct), null, cluster);
        IReadOnlyList<BucketView> bucketList = [];
        string? bucketsError = null;
        if (cluster is not null)
            (bucketList, bucketsError) = await TryAsync(() => buckets.ListAsync(actor, ns, cluster, ct), [], cluster);
        S3CredentialsView? credentials = null;
        string? s3Error = null;
        if (ObjectStore && cluster is not null)
            (credentials, s3Error) = await TryAsync<S3CredentialsView?>(async () => await s3.GetAsync(actor, ns, cluster, reveal: false, ct), null, cluster);
        return new NamespaceStorage(ns, cluster, list?.Volumes ?? [], volumesError, readAt, credentials, s3Error, bucketList, bucketsError, list?.Quota);
    }

    /// <summary>One read; a refusal or an unreachable cluster becomes its reason for people, with <paramref name="none"/> as the value.</summary>
    private static async Task<(T Value, string? Error)> TryAsync<T>(Func<Task<T>> read, T none, string? cluster)
    {
        try
        {
            return (await read(), null);
        }
        catch (NereidException e)
        {
            return (none, e.Message);
        }
        catch (Exception e) when (DependencyOutage.IsClusterUnavailable(e))
        {
            return (none, $"Cluster {cluster} did not answer ({DependencyOutage.Describe(e)}); try again shortly.");
        }
    }
}
