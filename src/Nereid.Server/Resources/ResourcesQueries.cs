using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Models;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;
using Nereid.Server.Freshness;
using Nereid.Server.NamespaceQuotas;
using Nereid.Server.Resources.Words;

namespace Nereid.Server.Resources;

/// <summary>Answers inventory questions for one person: what exists, what is free, and what is free for them.</summary>
internal sealed class ResourcesQueries(NereidDbContext db, InventoryService inventory, IOptions<ResourcesOptions> options, SourceHealth health,
    NamespaceQuotaService quotas)
{
    /// <summary>The node grid. Users and above: guests have no cluster rights, so the inventory is not theirs to see yet.</summary>
    public async Task<NodesResponse> ListNodesAsync(Actor actor, NodeFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        RequireUser(actor);
        var tolerations = await TolerationsForAsync(actor, ct);
        var room = await QuotaRoomAsync(actor, ct);
        var reservationKey = options.Value.ReservationTaintKey;
        var rows = new List<NodeView>();
        foreach (var (cluster, n) in Nodes(filter.Cluster))
        {
            var mine = n.SchedulableFor(tolerations);
            if ((filter.FreeForMe && !mine) || !Matches(n, filter))
                continue;
            var reasons = ForMeReasons.Of(n, tolerations, reservationKey, room);
            rows.Add(View(cluster, n, mine) with
            {
                TaintDetails = [.. n.Taints.Select(raw => Taint(raw, tolerations, reservationKey))],
                ForMe = mine && reasons.Count == 0,
                NotForMeReasons = reasons,
            });
        }
        return new NodesResponse(inventory.ClusterCount, Clusters(), rows);
    }

    /// <summary>Totals and free capacity by GPU type and region, over all clusters (or one).</summary>
    public async Task<SummaryResponse> SummaryAsync(Actor actor, string? cluster, CancellationToken ct)
    {
        RequireUser(actor);
        var tolerations = await TolerationsForAsync(actor, ct);
        var nodes = Nodes(cluster).Select(n => n.Node).ToList();
        var summary = InventorySummarizer.Summarize(nodes, tolerations);
        return new SummaryResponse(inventory.ClusterCount, Clusters(), summary)
        {
            GpuTypeNames = [.. summary.ByGpuType.Select(g => new GpuTypeName(g.Type, g.Kind, ResourceWords.AcceleratorType(g.Type, g.Kind)))],
            Requesting = GpuRequestHints.For(summary.ByGpuType),
            ByCluster = [.. inventory.Snapshots.Where(s => cluster is null || s.Cluster == cluster).Select(s =>
            {
                var own = Nodes(s.Cluster).Select(n => n.Node).ToList();
                return new ClusterSummary(s.Cluster, InventoryFilter.Regions(own), InventorySummarizer.Summarize(own, tolerations).Totals);
            })],
        };
    }

    /// <summary>Current requests of one namespace: members, namespace admins and platform admins.</summary>
    public async Task<NamespaceUsageResponse> NamespaceUsageAsync(Actor actor, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await RequireMemberAsync(db, actor, name, ct);
        var byCluster = inventory.Snapshots.ToDictionary(s => s.Cluster, s => NamespaceUsage.Compute(name, s.Pods, s.NodesByName), StringComparer.Ordinal);
        var nodes = inventory.Snapshots.SelectMany(s => s.Nodes).DistinctBy(n => n.Name).ToDictionary(n => n.Name, StringComparer.Ordinal);
        var total = NamespaceUsage.Compute(name, inventory.Snapshots.SelectMany(s => s.Pods), nodes);
        var byRegion = new SortedDictionary<string, NamespaceUsage>(StringComparer.Ordinal);
        foreach (var region in inventory.Snapshots.SelectMany(s => s.Pods.Where(p => p.Metadata.Namespace == name).Select(p => (Pod: p, Region: RegionOf(p, s))))
            .GroupBy(p => p.Region, p => p.Pod, StringComparer.Ordinal))
        {
            if (NamespaceUsage.Compute(name, region, nodes) is { Pods: > 0 } usage)
                byRegion[region.Key] = usage;
        }
        return new NamespaceUsageResponse(name, inventory.ClusterCount, total, byCluster)
        {
            ClusterRegions = inventory.Snapshots.ToDictionary(s => s.Cluster, s => s.Region, StringComparer.Ordinal),
            ByRegion = byRegion,
        };
    }

    /// <summary>The region of the node <paramref name="pod"/> runs on, else its cluster's, else <c>unknown</c>.</summary>
    private static string RegionOf(Pod pod, ClusterSnapshot snapshot)
    {
        var node = pod.Spec?.NodeName is { Length: > 0 } name ? snapshot.NodesByName.GetValueOrDefault(name) : null;
        return node?.Region ?? snapshot.Region ?? InventorySummarizer.UnknownRegion;
    }

    /// <summary>Tolerations the pods of <paramref name="actor"/>'s namespaces may carry (reservations and configured extras).</summary>
    public async Task<IReadOnlyList<Toleration>> TolerationsForAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var names = await db.EffectiveMembershipsOf(actor.PersonId).AsNoTracking().Select(m => m.Namespace!.Name).ToListAsync(ct);
        return TolerationPolicy.For(options.Value, names);
    }

    /// <summary>The quota each of the actor's namespaces has left, from its effective quota and what its pods request now.</summary>
    private async Task<QuotaRoom> QuotaRoomAsync(Actor actor, CancellationToken ct)
    {
        var names = await db.EffectiveMembershipsOf(actor.PersonId).AsNoTracking().Select(m => m.Namespace!.Name).ToListAsync(ct);
        var nodes = inventory.Snapshots.SelectMany(s => s.Nodes).DistinctBy(n => n.Name).ToDictionary(n => n.Name, StringComparer.Ordinal);
        var pods = inventory.Snapshots.SelectMany(s => s.Pods).ToList();
        var rows = new List<(string, IReadOnlyDictionary<string, string>, NamespaceUsage)>();
        foreach (var name in names.Order(StringComparer.Ordinal))
            rows.Add((name, (await quotas.GetAsync(actor, name, ct)).Effective, NamespaceUsage.Compute(name, pods, nodes)));
        return new QuotaRoom(rows);
    }

    private static TaintView Taint(string raw, IReadOnlyCollection<Toleration> tolerations, string? reservationKey)
    {
        var (key, value, effect) = TaintWords.Parse(raw);
        var model = new Nereid.Kubernetes.Models.Taint { Key = key, Value = value, Effect = effect };
        var tolerated = tolerations.Any(t => TaintMatching.Tolerates(t, model));
        return new TaintView(key, value, effect, raw, TaintWords.Describe(key, value, effect, reservationKey), tolerated);
    }

    /// <summary>Throws unless the actor is a member of namespace <paramref name="name"/> or a platform admin; 404 when it does not exist.</summary>
    internal static async Task RequireMemberAsync(NereidDbContext db, Actor actor, string name, CancellationToken ct)
    {
        var ns = await db.Namespaces.AsNoTracking().Where(n => n.Name == name).Select(n => new { n.Id }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Namespace '{name}' does not exist.");
        if (!actor.IsPlatformAdmin && !await db.IsEffectiveMemberAsync(actor, ns.Id, ct))
            throw new ForbiddenException($"Only members of namespace '{name}' can see its usage.");
    }

    private static void RequireUser(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.AtLeast(Tier.User))
            throw new ForbiddenException("Guests cannot see the cluster inventory yet; ask a platform admin to promote you to user.");
    }

    /// <summary>What the page's region and GPU-type filters offer: the groupings of the summary, so each choice selects what the summary counts.</summary>
    public FilterChoices Choices(Actor actor)
    {
        RequireUser(actor);
        var nodes = Nodes(null).Select(n => n.Node).ToList();
        return new FilterChoices(InventoryFilter.Regions(nodes), InventoryFilter.GpuTypes(nodes));
    }

    /// <summary>The nodes of every cluster (or one), a node without region labels taking its cluster's region.</summary>
    internal IEnumerable<(string Cluster, NodeInventory Node)> Nodes(string? cluster) =>
        inventory.Snapshots.Where(s => cluster is null || s.Cluster == cluster)
            .SelectMany(s => s.Nodes.Select(n => (s.Cluster, n.Region is null && s.Region is not null ? n with { Region = s.Region } : n)));

    private static bool Matches(NodeInventory n, NodeFilter f)
    {
        if (f.Region is not null && !InventoryFilter.InRegion(n, f.Region))
            return false;
        if (f.GpuType is not null && !Accelerators.Offers(n, f.GpuType))
            return false;
        if (string.IsNullOrEmpty(f.Gpu))
            return true;
        return (n.GpuProduct?.Contains(f.Gpu, StringComparison.OrdinalIgnoreCase) ?? false)
            || n.Allocatable.Extended.Keys.Any(k => k.Contains(f.Gpu, StringComparison.OrdinalIgnoreCase));
    }

    private static NodeView View(string cluster, NodeInventory n, bool mine) =>
        new(cluster, n.Name, n.GpuProduct, n.GpuCountLabel, n.GpuMemoryMiB, n.Region, n.Zone,
            n.Ready, n.Unschedulable, mine, n.Taints, n.Pods, n.Capacity, n.Allocatable, n.Requested, n.Free)
        {
            Available = n.Available,
            UnavailableReasons = n.UnavailableReasons,
            Unavailable = n.Unavailable,
            PhysicalGpus = n.Gpu.PhysicalGpus,
            GpuSlots = n.Gpu.Slots,
            GpuSharing = n.Gpu.SharingText,
            GpuText = Accelerators.Text(n),
            Warnings = n.Warnings,
            GpuTypes = [.. Accelerators.Of(n).Select(a => a.Type)],
            GpuProductDisplayName = string.IsNullOrEmpty(n.GpuProduct) ? null : ResourceWords.GpuProduct(n.GpuProduct),
            ExtendedResources = [.. n.Allocatable.Extended.Select(e => new ExtendedResourceView(e.Key, Pages.Shared.Units.ResourceName(e.Key), n.Free.ExtendedOf(e.Key), e.Value))],
        };

    private List<ClusterView> Clusters() => [.. inventory.Snapshots.Select(s => Freshen(new ClusterView(s.Cluster, s.Region, s.Synced, s.ComputedAt)))];

    private ClusterView Freshen(ClusterView view)
    {
        if (health.Cluster(view.Name) is not { } source)
            return view;
        var observedAt = source.LastSuccessAt is { } ok && ok > view.ComputedAt ? ok : view.ComputedAt;
        return view with { ObservedAt = observedAt, Stale = source.Stale, UnreachableSince = source.UnreachableSince, Reason = source.Reason };
    }
}
