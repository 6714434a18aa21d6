using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Storage;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Namespaces;
using Nereid.Server.Outages;

namespace Nereid.Server.Storage.Buckets;

/// <summary>
/// S3 buckets of a namespace. Members (and platform admins) list, create and delete them; everything the person can
/// get wrong — the name, an unknown class or one that is not a bucket class, a name already used — is refused before
/// anything reaches the cluster. A bucket is a row here and an ObjectBucketClaim there: create saves the row, then applies
/// the claim (withdrawing the row, with an audit entry saying why, when the cluster refuses it); delete removes the row
/// and the claim; the controller repairs whatever a failed request leaves behind. The bucket's secret key is shown once, to a member who asks; audit entries never carry a key.
/// </summary>
internal sealed class BucketService(NereidDbContext db, AuditLog audit, IClusterConnections clusters, StorageCatalog catalog, TimeProvider time)
{
    private static readonly ApplyOptions Apply = new(ProjectionNames.FieldManager, Force: true);

    public async Task<IReadOnlyList<BucketView>> ListAsync(Actor actor, string ns, string? cluster, CancellationToken ct)
    {
        var (row, target) = await AuthorizeAsync(actor, ns, cluster, ct);
        var buckets = await db.Set<Bucket>().AsNoTracking().Where(b => b.NamespaceId == row.Id && b.Cluster == target.Name).ToListAsync(ct);
        var views = new List<BucketView>();
        foreach (var b in buckets.OrderBy(b => b.Name, StringComparer.Ordinal))
            views.Add(await ObserveAsync(target, ns, b, reveal: false, ct));
        return views;
    }

    public async Task<BucketView> CreateAsync(Actor actor, string ns, BucketInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (row, target) = await AuthorizeAsync(actor, ns, input.Cluster, ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = (input.Name ?? "").Trim();
        if (Bucket.NameProblem(name) is { } problem)
            errors["name"] = [problem];
        var bucketClass = (input.BucketClass ?? "").Trim();
        var found = catalog.Find(target.Name, bucketClass);
        var offered = catalog.List(target.Name).Classes.Where(c => BucketNames.IsBucketProvisioner(c.Provisioner)).Select(c => c.Name).ToList();
        var offeredText = offered.Count == 0 ? "it has none" : "it has " + string.Join(", ", offered);
        if (found is null)
            errors["bucketClass"] = [$"Cluster '{target.Name}' has no storage class '{bucketClass}'; bucket classes: {offeredText}."];
        else if (!BucketNames.IsBucketProvisioner(found.Provisioner))
            errors["bucketClass"] = [$"Storage class '{bucketClass}' is not a bucket class (its provisioner is {found.Provisioner}); bucket classes: {offeredText}."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        if (await db.Set<Bucket>().AnyAsync(b => b.NamespaceId == row.Id && b.Cluster == target.Name && b.Name == name, ct))
            throw new ConflictException($"Namespace '{ns}' already has a bucket '{name}' on cluster '{target.Name}'.");

        var bucket = Bucket.Create(row.Id, target.Name, name, bucketClass, actor.PersonId, time.GetUtcNow().UtcDateTime);
        db.Set<Bucket>().Add(bucket);
        audit.Record(actor, "bucket.create", "bucket", $"{target.Name}/{ns}/{name}", ns, null, new { bucketClass });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone asked for the same name at the same moment; the unique index kept theirs.
            throw new ConflictException($"Namespace '{ns}' already has a bucket '{name}' on cluster '{target.Name}'.");
        }
        // The row first, so the controller never takes the claim for one nobody asked for; then the claim at once
        // rather than at the controller's next pass (it applies the same object, so either may come first).
        try
        {
            await target.Client.ApplyAsync(BucketNames.ObjectBucketClaim, BucketClaimObject.Build(ns, name, bucketClass), Apply, ct);
        }
        catch (KubeApiException e) when (e.IsForbidden || e.IsInvalid || e.IsNotFound)
        {
            // The cluster's own words (a missing namespace, an admission refusal): the request is withdrawn, and says so in the audit trail.
            var reason = e.Status.Message ?? e.Message;
            db.Set<Bucket>().Remove(bucket);
            audit.Record(actor, "bucket.create.refused", "bucket", $"{target.Name}/{ns}/{name}", ns, new { bucketClass }, new { reason });
            await db.SaveChangesAsync(ct);
            throw ValidationFailedException.For("name", reason);
        }
        catch (Exception e) when (DependencyOutage.IsClusterUnavailable(e))
        {
            // The cluster did not answer: the bucket stays asked for, and the controller applies the claim when it can.
        }
        return await ObserveAsync(target, ns, bucket, reveal: false, ct);
    }

    /// <summary>The bucket with its secret key, the first time a member asks; without it (and <c>SecretKeyShown</c>) afterwards.</summary>
    public async Task<BucketView> RevealAsync(Actor actor, string ns, string name, string? cluster, CancellationToken ct)
    {
        var (row, target) = await AuthorizeAsync(actor, ns, cluster, ct, membersOnly: true);
        var bucket = await db.Set<Bucket>().FirstOrDefaultAsync(b => b.NamespaceId == row.Id && b.Cluster == target.Name && b.Name == name, ct)
            ?? throw new NotFoundException($"Namespace '{ns}' has no bucket '{name}' on cluster '{target.Name}'.");
        return await ObserveAsync(target, ns, bucket, reveal: true, ct, actor);
    }

    public async Task DeleteAsync(Actor actor, string ns, string name, string? cluster, string? confirm, CancellationToken ct)
    {
        var (row, target) = await AuthorizeAsync(actor, ns, cluster, ct);
        var bucket = await db.Set<Bucket>().FirstOrDefaultAsync(b => b.NamespaceId == row.Id && b.Cluster == target.Name && b.Name == name, ct)
            ?? throw new NotFoundException($"Namespace '{ns}' has no bucket '{name}' on cluster '{target.Name}'.");
        if (!string.Equals(confirm?.Trim(), name, StringComparison.Ordinal))
            throw ValidationFailedException.For("confirm", $"Type the bucket's name ({name}) to delete it and every object in it.");
        db.Set<Bucket>().Remove(bucket);
        audit.Record(actor, "bucket.delete", "bucket", $"{target.Name}/{ns}/{name}", ns, new { bucket.BucketClass }, null);
        await db.SaveChangesAsync(ct);
        try
        {
            await target.Client.DeleteAsync(BucketNames.ObjectBucketClaim, ns, name, cancellationToken: ct);
        }
        catch (Exception e) when (e is KubeApiException || DependencyOutage.IsClusterUnavailable(e))
        {
            // The row is gone, so the controller deletes the claim at its next pass.
        }
    }

    private async Task<BucketView> ObserveAsync(ConnectedCluster target, string ns, Bucket bucket, bool reveal, CancellationToken ct, Actor? actor = null)
    {
        BucketObservation seen;
        try
        {
            seen = await BucketObservation.ReadAsync(target.Client, ns, bucket.Name, ct);
        }
        catch (Exception e) when (!reveal && DependencyOutage.IsClusterUnavailable(e))
        {
            return new BucketView(target.Name, ns, bucket.Name, bucket.BucketClass, "Unknown", null, null, null, null, bucket.SecretShownAt is not null,
                BucketObservation.Unknown($"Cluster {target.Name} did not answer ({DependencyOutage.Describe(e)})."), bucket.CreatedAt);
        }
        string? secret = null;
        if (reveal && seen.SecretAccessKey is { } key && bucket.MarkSecretShown(time.GetUtcNow().UtcDateTime))
        {
            secret = key;
            audit.Record(actor!, "bucket.secret-key.show", "bucket", $"{target.Name}/{ns}/{bucket.Name}", ns);
            await db.SaveChangesAsync(ct);
        }
        return new BucketView(target.Name, ns, bucket.Name, bucket.BucketClass, seen.Phase, seen.BucketName, seen.Endpoint, seen.AccessKeyId, secret,
            bucket.SecretShownAt is not null, seen.Conditions(), bucket.CreatedAt);
    }

    private async Task<(NereidNamespace Row, ConnectedCluster Target)> AuthorizeAsync(Actor actor, string ns, string? cluster, CancellationToken ct,
        bool membersOnly = false)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var row = await db.Set<NereidNamespace>().AsNoTracking().FirstOrDefaultAsync(n => n.Name == ns, ct)
            ?? throw new NotFoundException($"Namespace '{ns}' does not exist.");
        var member = await db.IsEffectiveMemberAsync(actor, row.Id, ct);
        if (membersOnly && !member)
            throw new ForbiddenException($"A bucket's secret key is shown to members of namespace '{ns}' only.");
        if (!member && !actor.IsPlatformAdmin)
            throw new ForbiddenException($"Only members of namespace '{ns}' and platform admins may manage its buckets.");
        if (clusters.Clusters.Count == 0)
            throw new ConflictException("No Kubernetes cluster is connected to this Nereid, so there are no buckets.");
        if (string.IsNullOrWhiteSpace(cluster))
        {
            return (row, clusters.Clusters.Count == 1 ? clusters.Clusters[0]
                : throw ValidationFailedException.For("cluster", $"Name the cluster: one of {string.Join(", ", clusters.Clusters.Select(c => c.Name))}."));
        }
        return (row, clusters.Find(cluster.Trim()) ?? throw ValidationFailedException.For("cluster", $"No cluster is named '{cluster}'."));
    }
}
