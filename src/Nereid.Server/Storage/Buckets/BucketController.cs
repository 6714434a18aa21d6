using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Storage;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Runtime;

namespace Nereid.Server.Storage.Buckets;

/// <summary>
/// Keeps one ObjectBucketClaim per bucket Nereid holds for each cluster, on the leader only, in the five steps:
/// desired from the database, observed from the shared informer (claims Nereid manages only), diff, server-side apply
/// of differences only (a resync writes nothing) and deletion of managed claims no bucket row asks for. The status is
/// what the provisioner writes back on the claim, its ConfigMap and its Secret; the API reads it there. A cluster that
/// does not serve ObjectBucketClaims is not watched until it does.
/// </summary>
internal sealed partial class BucketController(
    IServiceScopeFactory scopes, IOptions<BucketOptions> options, TimeProvider time, ILogger<BucketController> logger)
    : WritingController(time, logger)
{
    private static readonly ApplyOptions Apply = new(ProjectionNames.FieldManager, Force: true);

    /// <inheritdoc />
    public override string Name => "buckets";

    /// <inheritdoc />
    public override async Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var settings = options.Value;
        // Without the object bucket CRD the list would fail and retry forever: ask discovery again every interval.
        await runtime.Discovery.WaitUntilServedAsync([BucketNames.ObjectBucketClaim], _ => { }, cancellationToken);
        var informer = runtime.Informers.ForSelection<UnstructuredObject>(BucketNames.ObjectBucketClaim,
            new InformerOptions { LabelSelector = ProjectionNames.ManagedSelector });
        await LoopAsync(runtime, [informer], async t =>
        {
            await PassAsync(runtime, informer, t);
            return settings.ResyncInterval;
        }, settings.ResyncInterval, ClusterOrDatabaseFailed, cancellationToken);
    }

    private async Task PassAsync(ClusterRuntime runtime, Informer<UnstructuredObject> informer, CancellationToken ct)
    {
        // 1. Desired, from the database: every bucket on this cluster, by namespace/name.
        Dictionary<string, UnstructuredObject> desired;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Data.NereidDbContext>();
            var rows = await db.Set<Bucket>().AsNoTracking().Where(b => b.Cluster == runtime.Name)
                .Join(db.Set<NereidNamespace>(), b => b.NamespaceId, n => n.Id, (b, n) => new { Namespace = n.Name, b.Name, b.BucketClass })
                .ToListAsync(ct);
            desired = rows.ToDictionary(r => $"{r.Namespace}/{r.Name}", r => BucketClaimObject.Build(r.Namespace, r.Name, r.BucketClass), StringComparer.Ordinal);
        }
        // 2. Observed, from the informer.
        var observed = informer.List().ToDictionary(c => $"{c.Metadata.Namespace}/{c.Metadata.Name}", StringComparer.Ordinal);

        // 3 and 4. Diff, and apply only the differences; one claim the cluster refuses does not hold up the others.
        foreach (var (key, want) in desired)
        {
            if (observed.TryGetValue(key, out var have) && (have.Metadata.DeletionTimestamp is not null || !BucketClaimObject.Differs(want, have)))
            {
                continue;
            }
            try
            {
                await runtime.Client.ApplyAsync(BucketNames.ObjectBucketClaim, want, Apply, ct);
                CountApply();
                LogApplied(logger, runtime.Name, key);
            }
            catch (KubeApiException e) when (e.IsNotFound || e.IsInvalid || e.IsForbidden)
            {
                LogApplyRefused(logger, runtime.Name, key, e.Status.Message ?? e.Message);
            }
        }
        foreach (var (key, have) in observed)
        {
            if (desired.ContainsKey(key) || have.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            await runtime.Client.DeleteAsync(BucketNames.ObjectBucketClaim, have.Metadata.Namespace, have.Metadata.Name!, cancellationToken: ct);
            CountDelete();
            LogDeleted(logger, runtime.Name, key);
        }
        // 5. Status: the provisioner reports on the claim, its ConfigMap and its Secret; the API reads them there.
        CountPass();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied bucket claim {Key} on cluster {Cluster}")]
    private static partial void LogApplied(ILogger logger, string cluster, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster {Cluster} refused bucket claim {Key}: {Reason}")]
    private static partial void LogApplyRefused(ILogger logger, string cluster, string key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted bucket claim {Key} on cluster {Cluster}: no bucket asks for it")]
    private static partial void LogDeleted(ILogger logger, string cluster, string key);
}
