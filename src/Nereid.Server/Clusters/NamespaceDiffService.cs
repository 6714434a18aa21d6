using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Clusters;

/// <summary>
/// <c>nereid ns diff</c>: builds the projection a pass would apply and compares it with each cluster. Every desired
/// object is sent as a server-side apply with <c>dryRun=All</c>, so the comparison includes the server's defaulting
/// and field ownership exactly as the real pass would see it, and nothing is stored.
/// </summary>
internal sealed class NamespaceDiffService(
    IClusterConnections clusters, NamespaceService namespaces, IServiceScopeFactory scopes, IOptions<ReconcilerOptions> options,
    IOptions<ProjectionOptions> projection, IOptions<List<ClusterOptions>> clusterOptions, TimeProvider time)
{
    /// <summary>The diff for namespace <paramref name="name"/>; namespace admins and platform admins only.</summary>
    public async Task<NamespaceDiff> DiffAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(name);
        var entry = await new DesiredStateCache(scopes, options.Value).LoadOneAsync(name, cancellationToken)
            ?? throw new NotFoundException($"No namespace is named '{name}'.");
        if (!await namespaces.IsNamespaceAdminAsync(actor, name, cancellationToken))
        {
            throw new ForbiddenException($"Only admins of namespace '{name}' may see its diff.");
        }
        if (clusters.Clusters.Count == 0)
        {
            throw new ConflictException("No Kubernetes cluster is connected to this Nereid, so there is nothing to compare with.");
        }
        var result = new List<ClusterDiff>();
        foreach (var cluster in clusters.Clusters)
        {
            result.Add(await DiffClusterAsync(cluster, entry, cancellationToken));
        }
        return new NamespaceDiff(name, result);
    }

    private async Task<ClusterDiff> DiffClusterAsync(ConnectedCluster cluster, DesiredEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            if (entry.State == NamespaceState.Deleting)
            {
                return new ClusterDiff(cluster.Name, await DeletingAsync(cluster.Client, entry, cancellationToken));
            }
            DesiredNamespace target;
            try
            {
                target = NamespaceProjection.Build(await SnapshotForAsync(cluster.Name, entry.Snapshot, cancellationToken),
                    ClusterProjection.For(projection.Value, clusterOptions.Value, cluster.Name));
            }
            catch (ProjectionException ex)
            {
                return new ClusterDiff(cluster.Name, [], $"The namespace cannot be projected, so a pass changes nothing: {ex.Message}");
            }
            return new ClusterDiff(cluster.Name, await CompareAsync(cluster.Client, entry.Name, target, cancellationToken));
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or TimeoutException)
        {
            return new ClusterDiff(cluster.Name, [], $"The cluster could not be compared: {ex.Message}");
        }
    }

    /// <summary>The snapshot as the cluster's reconciler projects it: with group bindings while the cluster trusts Nereid.</summary>
    private async Task<NamespaceSnapshot> SnapshotForAsync(string cluster, NamespaceSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Nereid.Data.NereidDbContext>();
        var trusted = await db.ClusterTrustSettings.AnyAsync(t => t.Cluster == cluster && t.TrustsNereid, cancellationToken);
        return trusted ? snapshot with { MemberGroupsPrefix = ClusterProjection.GroupsPrefix(clusterOptions.Value, cluster) } : snapshot;
    }

    private async Task<List<ObjectDiff>> CompareAsync(IKubeClient client, string ns, DesiredNamespace target, CancellationToken cancellationToken)
    {
        var writer = new KubeOwnedObjectWriter(client, dryRun: true);
        var diffs = new List<ObjectDiff>();
        var namespaceExists = await OwnedKinds.Namespace.GetAsync(client, null, ns, cancellationToken) is not null;
        foreach (var obj in target.Objects)
        {
            var kind = OwnedKinds.Of(obj);
            var name = obj.Metadata.Name!;
            var objNs = kind.Namespaced ? ns : null;
            // Inside a namespace that does not exist yet a dry run would fail (namespace not found); all of it is new.
            var live = kind.Namespaced && !namespaceExists ? null : await kind.GetAsync(client, objNs, name, cancellationToken);
            if (live is null)
            {
                diffs.Add(new ObjectDiff(kind.Kind, objNs, name, DiffActions.Create, []));
                continue;
            }
            // Stamped as the reconciler stamps it, so the dry run shows only real differences.
            var (_, body) = AppliedStamp.StampForApply(kind, obj);
            var wanted = await writer.ApplyAsync(kind, obj, body, cancellationToken);
            var fields = JsonFieldDiff.Changed(Json(live), Json(wanted));
            diffs.Add(new ObjectDiff(kind.Kind, objNs, name, fields.Count == 0 ? DiffActions.Unchanged : DiffActions.Update, fields));
        }
        if (namespaceExists)
        {
            var wantedIds = target.Objects.Select(o => OwnedKinds.Of(o).Id(ns, o.Metadata.Name!)).ToHashSet(StringComparer.Ordinal);
            foreach (var kind in OwnedKinds.All.Where(k => k.Namespaced))
            {
                var owned = await kind.ListAsync(client, ns, new ListOptions { LabelSelector = ProjectionNames.ManagedSelector }, cancellationToken);
                diffs.AddRange(owned.Where(o => !wantedIds.Contains(kind.Id(ns, o.Metadata.Name!)))
                    .Select(o => new ObjectDiff(kind.Kind, ns, o.Metadata.Name!, DiffActions.Delete, [])));
            }
        }
        return diffs;
    }

    private async Task<List<ObjectDiff>> DeletingAsync(IKubeClient client, DesiredEntry entry, CancellationToken cancellationToken)
    {
        var live = await OwnedKinds.Namespace.GetAsync(client, null, entry.Name, cancellationToken);
        if (live is null || live.Metadata.DeletionTimestamp is not null
            || live.Metadata.Labels?.GetValueOrDefault(ProjectionNames.ManagedByLabel) != ProjectionNames.ManagedByValue)
        {
            return [];
        }
        var now = time.GetUtcNow().UtcDateTime;
        var due = (entry.DeletionRequestedAt ?? now) + options.Value.DeletionGracePeriod;
        var note = now < due ? $"Deletion was requested; the pass at {due:u} deletes it (grace period)." : "Deletion was requested; the grace period is over.";
        return [new ObjectDiff(OwnedKinds.Namespace.Kind, null, entry.Name, DiffActions.Delete, [], note)];
    }

    private static JsonNode? Json(KubeObject obj) => JsonSerializer.SerializeToNode(obj, obj.GetType(), KubeJson.Options);
}
