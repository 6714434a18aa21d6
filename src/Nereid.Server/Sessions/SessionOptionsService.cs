using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;
using Nereid.Server.Namespaces;
using Nereid.Server.Resources;

namespace Nereid.Server.Sessions;

/// <summary>
/// A person's session options, computed live (<see cref="SessionOptionsCache"/> decides when and answers guests itself):
/// their active namespaces, each namespace's quota left (database defaults and overrides minus what its pods request now), the GPUs free for it
/// (inventory, taint-aware) and its shareable claims, in KubeSpawner's <c>profile_list</c> shape.
/// </summary>
internal sealed class SessionOptionsService(NereidDbContext db, SessionClaims claims, IOptions<SessionsOptions> options,
    IOptions<ResourcesOptions> resources, IOptions<ProjectionOptions> projection, ReconcilerOptions reconciler) : ISessionOptionsComputer
{
    /// <inheritdoc />
    public async Task<SessionOptionsInputs> LoadAsync(Guid person, CancellationToken ct)
    {
        var o = options.Value;
        var names = await db.EffectiveMemberships().AsNoTracking()
            .Where(m => m.PersonId == person && m.Namespace!.State == NamespaceState.Active)
            .Select(m => new { m.NamespaceId, m.Namespace!.Name }).ToListAsync(ct);
        if (names.Count == 0)
            return SessionOptionsInputs.None;
        var images = await db.SessionImages.AsNoTracking().OrderBy(i => i.Name).ToListAsync(ct);
        var ids = names.Select(n => n.NamespaceId).ToList();
        var stored = (await db.Set<NamespaceQuotaOverride>().AsNoTracking().Where(q => ids.Contains(q.NamespaceId)).ToListAsync(ct))
            .ToLookup(q => q.NamespaceId);
        var namespaces = names.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => new NamespaceInputs(n.NamespaceId, n.Name,
            QuotaValues.Merge(projection.Value.QuotaDefaults, reconciler.QuotaOverrides.GetValueOrDefault(n.Name),
                stored[n.NamespaceId].ToDictionary(q => q.Resource, q => q.Quantity, StringComparer.Ordinal)),
            claims.ShareableClaims(o.Cluster, n.Name))).ToList();
        return new SessionOptionsInputs(namespaces, [.. images.Select(SessionImageView.Of)]);
    }

    /// <inheritdoc />
    public byte[] Build(SessionOptionsInputs inputs, IReadOnlyList<ClusterSnapshot> current)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(current);
        if (inputs.Namespaces.Count == 0)
            return "[]"u8.ToArray();
        var o = options.Value;
        var snapshots = current.Where(s => o.Cluster is null || s.Cluster == o.Cluster).Select(SessionIndex.Of).ToList();
        var allowances = inputs.Namespaces.Select(n =>
        {
            var tolerations = TolerationPolicy.For(resources.Value, [n.Name]);
            return NamespaceAllowance.From(n.Name, n.Hard, Used(snapshots, n.Name), MaxFree(snapshots, tolerations), tolerations, n.Claims);
        });
        var list = ProfileListBuilder.Build(o, inputs.Images, allowances);
        return JsonSerializer.SerializeToUtf8Bytes(list);
    }

    private static NamespaceUsage Used(List<SessionIndex> snapshots, string ns)
    {
        if (snapshots.Count == 1)
            return snapshots[0].UsageOf(ns);
        var usages = snapshots.Select(s => s.UsageOf(ns)).ToList();
        var byType = usages.SelectMany(u => u.GpusByType).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        return new NamespaceUsage(ns, usages.Sum(u => u.Pods), usages.Sum(u => u.CpuCores), usages.Sum(u => u.MemoryBytes), usages.Sum(u => u.Gpus), byType,
            new Dictionary<string, long>());
    }

    private static Dictionary<string, long> MaxFree(List<SessionIndex> snapshots, IReadOnlyCollection<Kubernetes.Models.Toleration> tolerations)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in snapshots)
        {
            foreach (var (product, free) in s.MaxFreePerNode(tolerations))
                result[product] = Math.Max(result.GetValueOrDefault(product), free);
        }
        return result;
    }
}
