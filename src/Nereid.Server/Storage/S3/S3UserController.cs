using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Runtime;

namespace Nereid.Server.Storage.S3;

/// <summary>
/// Keeps one CephObjectStoreUser per active member of each active namespace in the object store's namespace, on the
/// leader only, in the five steps: desired from the database, observed from the shared informer (managed users
/// only), diff, server-side apply of differences only (so a resync writes nothing) and deletion of users whose
/// membership ended more than the grace period ago (marked with <see cref="S3UserNames.OrphanedAtAnnotation"/>
/// first, so the grace survives restarts and fail-over). A user whose member revoked the keys is deleted as soon as Rook
/// has replaced its keys. Quotas are the namespace's own limits where a platform admin set them (<see cref="S3QuotaService"/>),
/// else the configured defaults. Rook turns each user into a Ceph user and a key Secret.
/// </summary>
internal sealed partial class S3UserController(
    IServiceScopeFactory scopes, IOptions<ObjectStoreOptions> options, TimeProvider time, ILogger<S3UserController> logger)
    : WritingController(time, logger)
{
    private static readonly ApplyOptions Apply = new(ProjectionNames.FieldManager, Force: true);

    /// <inheritdoc />
    public override string Name => "s3-users";

    /// <inheritdoc />
    public override async Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var store = options.Value;
        if (!store.Enabled)
        {
            // No object store configured: nothing to watch (the CRD may not even exist on the cluster).
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return;
        }
        var informer = runtime.Informers.For<UnstructuredObject>(S3UserNames.CephObjectStoreUser,
            new InformerOptions { Namespace = store.Namespace, LabelSelector = ProjectionNames.ManagedSelector });
        await LoopAsync(runtime, [informer], async t =>
        {
            await PassAsync(runtime.Client, informer, store, t);
            return store.ResyncInterval;
        }, store.ResyncInterval, ex => ex is KubeApiException, cancellationToken);
    }

    private async Task PassAsync(IKubeClient client, Informer<UnstructuredObject> informer, ObjectStoreOptions store, CancellationToken ct)
    {
        // 1. Desired, from the database.
        S3DesiredState state;
        await using (var scope = scopes.CreateAsyncScope())
        {
            state = await S3DesiredUsers.LoadAsync(scope.ServiceProvider.GetRequiredService<Data.NereidDbContext>(), ct);
        }
        var desired = state.Users;
        // 2. Observed, from the informer.
        var observed = informer.List().Where(u => u.Metadata.Namespace == store.Namespace)
            .ToDictionary(u => u.Metadata.Name ?? "", StringComparer.Ordinal);
        var now = Time.GetUtcNow();

        // 3 and 4. Diff, and apply only the differences — several at once, so a cold cluster with thousands of members
        // fills the client's request slots instead of waiting one round trip per user.
        var changed = desired.Select(d => (d.Key, Body: S3UserObject.Build(d.Key, d.Value, store)))
            .Where(d => !observed.TryGetValue(d.Key, out var have) || S3UserObject.Differs(d.Body, have)).ToList();
        await Parallel.ForEachAsync(changed, new ParallelOptions { MaxDegreeOfParallelism = store.ApplyConcurrency, CancellationToken = ct },
            async (d, t) =>
            {
                await client.ApplyAsync(S3UserNames.CephObjectStoreUser, d.Body, Apply, t);
                CountApply();
                LogApplied(logger, store.Namespace, d.Key);
            });
        foreach (var (name, have) in observed)
        {
            if (desired.ContainsKey(name) || have.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            if (state.Revoked.Contains(name))
            {
                // Revoked by its member: deleted at once, but only after Rook has replaced its keys with the unseen ones
                // revocation set — Rook keeps a deleted user that owns buckets, and its old keys must not live on with it.
                if (S3UserKeys.HasExplicitKeys(have) && S3UserKeys.Settled(have))
                {
                    await client.DeleteAsync(S3UserNames.CephObjectStoreUser, store.Namespace, name, cancellationToken: ct);
                    CountDelete();
                    LogRevoked(logger, store.Namespace, name);
                }
                continue;
            }
            var orphanedAt = have.Metadata.Annotations?.GetValueOrDefault(S3UserNames.OrphanedAtAnnotation);
            if (!DateTimeOffset.TryParse(orphanedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                await client.ApplyAsync(S3UserNames.CephObjectStoreUser, S3UserObject.MarkOrphaned(have, now), Apply, ct);
                CountApply();
                LogOrphaned(logger, store.Namespace, name, now + store.GracePeriod);
            }
            else if (now >= since + store.GracePeriod)
            {
                await client.DeleteAsync(S3UserNames.CephObjectStoreUser, store.Namespace, name, cancellationToken: ct);
                CountDelete();
                LogDeleted(logger, store.Namespace, name);
            }
        }
        // 5. Status: Rook reports each user's phase on the object itself; the API reads it there.
        CountPass();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied object store user {Namespace}/{User}")]
    private static partial void LogApplied(ILogger logger, string @namespace, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Object store user {Namespace}/{User} has no member any more; it is deleted after {Due}")]
    private static partial void LogOrphaned(ILogger logger, string @namespace, string user, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted object store user {Namespace}/{User}: its member revoked the keys")]
    private static partial void LogRevoked(ILogger logger, string @namespace, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted object store user {Namespace}/{User} after the grace period")]
    private static partial void LogDeleted(ILogger logger, string @namespace, string user);
}
