using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Kubernetes.Quantities;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Storage;

/// <summary>
/// Volumes of a namespace: its members (and platform admins) list, create, grow and delete PersistentVolumeClaims
/// on a connected cluster. Everything the person can get wrong is refused here, before any request: an unknown class,
/// a bad size, growing a class without expansion, a delete whose typed name does not match. What only the cluster
/// knows — its quota above all — comes back with the API server's own message. An access mode the class's description
/// says it does not offer is refused too, naming the modes it does.
/// </summary>
internal sealed class VolumeService(NereidDbContext db, AuditLog audit, IClusterConnections clusters, StorageCatalog catalog,
    VolumeUsageReader usage)
{
    private static readonly IReadOnlyList<string> AccessModes = Nereid.Domain.Storage.StorageClassDescription.KnownAccessModes;

    /// <summary>
    /// The namespace's volumes with their usage, and its storage quota from the ResourceQuotas' status as the cluster's
    /// quota controller counts it (read with the claims, so the person sees the room left before asking for more).
    /// </summary>
    public async Task<VolumeList> ListAsync(Actor actor, string ns, string? cluster, CancellationToken ct)
    {
        var target = await AuthorizeAsync(actor, ns, cluster, ct);
        var quotaList = target.Client.ListAsync<ResourceQuota>(ns, cancellationToken: ct);
        var claimList = target.Client.ListAsync<PersistentVolumeClaim>(ns, cancellationToken: ct);
        await Task.WhenAll(quotaList, claimList);
        var (quotas, claims) = (await quotaList, await claimList);
        var used = claims.Items.Count == 0 ? new Dictionary<string, VolumeUsage>() : await usage.ReadAsync(target.Name, ns, ct);
        var volumes = claims.Items.OrderBy(c => c.Metadata.Name, StringComparer.Ordinal)
            .Select(c => View(target.Name, c, used.GetValueOrDefault(c.Metadata.Name ?? ""))).ToList();
        return new VolumeList(volumes, VolumeQuota.From(quotas.Items));
    }

    public async Task<VolumeView> CreateAsync(Actor actor, string ns, VolumeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var target = await AuthorizeAsync(actor, ns, input.Cluster, ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = (input.Name ?? "").Trim();
        if (name.Length is 0 or > 253 || !name.Split('.').All(Labels.IsDnsLabel))
            errors["name"] = ["A volume name has at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit."];
        var storageClass = (input.StorageClass ?? "").Trim();
        if (catalog.Find(target.Name, storageClass) is null)
            errors["storageClass"] = [$"Cluster '{target.Name}' has no storage class '{storageClass}'."];
        var size = ParseSize(input.Size, errors);
        var mode = (input.AccessMode ?? "").Trim();
        if (!AccessModes.Contains(mode, StringComparer.Ordinal))
            errors["accessMode"] = [$"The access mode is one of {string.Join(", ", AccessModes)}."];
        else if (await db.StorageClassDescriptions.AsNoTracking().FirstOrDefaultAsync(d => d.Cluster == target.Name && d.ClassName == storageClass, ct) is { } described
            && !described.Offers(mode))
            errors["accessMode"] = [$"Storage class '{storageClass}' on cluster '{target.Name}' does not offer {mode}; it offers {string.Join(", ", described.AccessModes)}."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);

        var claim = new PersistentVolumeClaim
        {
            Metadata = { Name = name, Namespace = ns },
            Spec = new PersistentVolumeClaimSpec
            {
                StorageClassName = storageClass,
                AccessModes = [mode],
                Resources = new ResourceRequirements { Requests = new() { ["storage"] = size!.Value } },
            },
        };
        var created = await SendAsync(() => target.Client.CreateAsync(claim, ct), "size");
        audit.Record(actor, "volume.create", "volume", $"{target.Name}/{ns}/{name}", ns, null, new { storageClass, size = size.Value.ToString(), accessMode = mode });
        await db.SaveChangesAsync(ct);
        return View(target.Name, created);
    }

    public async Task<VolumeView> ResizeAsync(Actor actor, string ns, string name, VolumeResizeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var target = await AuthorizeAsync(actor, ns, input.Cluster, ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var size = ParseSize(input.Size, errors);
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        var claim = await target.Client.GetAsync<PersistentVolumeClaim>(ns, name, ct)
            ?? throw new NotFoundException($"Namespace '{ns}' has no volume '{name}' on cluster '{target.Name}'.");
        var className = claim.Spec?.StorageClassName ?? "";
        var storageClass = catalog.Find(target.Name, className);
        if (storageClass is not { AllowVolumeExpansion: true })
            throw ValidationFailedException.For("size", $"Volumes of storage class '{className}' cannot grow (the class does not allow volume expansion).");
        var current = claim.Spec?.Resources?.Requests?.GetValueOrDefault("storage") ?? Quantity.Zero;
        if (size!.Value <= current)
            throw ValidationFailedException.For("size", $"A volume can only grow: it has {current} now.");
        var patch = JsonSerializer.Serialize(new { spec = new { resources = new { requests = new Dictionary<string, string> { ["storage"] = size.Value.ToString() } } } });
        var resized = await SendAsync(() => target.Client.PatchAsync<PersistentVolumeClaim>(ns, name, patch, ct), "size");
        audit.Record(actor, "volume.resize", "volume", $"{target.Name}/{ns}/{name}", ns, new { size = current.ToString() }, new { size = size.Value.ToString() });
        await db.SaveChangesAsync(ct);
        return View(target.Name, resized);
    }

    public async Task DeleteAsync(Actor actor, string ns, string name, string? cluster, string? confirm, CancellationToken ct)
    {
        var target = await AuthorizeAsync(actor, ns, cluster, ct);
        if (!string.Equals(confirm?.Trim(), name, StringComparison.Ordinal))
            throw ValidationFailedException.For("confirm", $"Type the volume's name ({name}) to delete it and its data.");
        if (!await target.Client.DeleteAsync<PersistentVolumeClaim>(ns, name, cancellationToken: ct))
            throw new NotFoundException($"Namespace '{ns}' has no volume '{name}' on cluster '{target.Name}'.");
        audit.Record(actor, "volume.delete", "volume", $"{target.Name}/{ns}/{name}", ns);
        await db.SaveChangesAsync(ct);
    }

    private async Task<ConnectedCluster> AuthorizeAsync(Actor actor, string ns, string? cluster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var row = await db.Set<NereidNamespace>().AsNoTracking().FirstOrDefaultAsync(n => n.Name == ns, ct)
            ?? throw new NotFoundException($"Namespace '{ns}' does not exist.");
        if (!actor.IsPlatformAdmin && !await db.IsEffectiveMemberAsync(actor, row.Id, ct))
            throw new ForbiddenException($"Only members of namespace '{ns}' and platform admins may manage its volumes.");
        if (clusters.Clusters.Count == 0)
            throw new ConflictException("No Kubernetes cluster is connected to this Nereid, so there are no volumes.");
        if (string.IsNullOrWhiteSpace(cluster))
        {
            return clusters.Clusters.Count == 1 ? clusters.Clusters[0]
                : throw ValidationFailedException.For("cluster", $"Name the cluster: one of {string.Join(", ", clusters.Clusters.Select(c => c.Name))}.");
        }
        return clusters.Find(cluster.Trim()) ?? throw ValidationFailedException.For("cluster", $"No cluster is named '{cluster}'.");
    }

    private static Quantity? ParseSize(string? text, Dictionary<string, string[]> errors)
    {
        if (!Quantity.TryParse(text?.Trim(), out var size) || size <= Quantity.Zero)
        {
            errors["size"] = ["The size is a positive quantity such as 10Gi or 500Mi."];
            return null;
        }
        return size;
    }

    /// <summary>The cluster refused: its message (a quota's above all) goes to the person as it was given.</summary>
    private static async Task<T> SendAsync<T>(Func<Task<T>> send, string field)
    {
        try
        {
            return await send();
        }
        catch (KubeApiException e) when (e.IsForbidden || e.IsInvalid)
        {
            throw ValidationFailedException.For(field, e.Status.Message ?? e.Message);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            throw new ConflictException(e.Status.Message ?? e.Message);
        }
    }

    private static VolumeView View(string cluster, PersistentVolumeClaim c, VolumeUsage? used = null) => new(
        cluster,
        c.Metadata.Name ?? "",
        c.Spec?.StorageClassName,
        c.Spec?.Resources?.Requests?.GetValueOrDefault("storage") is { } r && r != Quantity.Zero ? r.ToString() : null,
        c.Spec?.AccessModes ?? [],
        c.Status?.Phase,
        c.Spec?.VolumeName,
        c.Status?.Capacity?.GetValueOrDefault("storage") is { } cap && cap != Quantity.Zero ? cap.ToString() : null,
        used?.UsedBytes,
        used?.CapacityBytes);
}
