using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Domain.Policies;
using Nereid.Domain.Requests;
using Nereid.Server.Clusters;
using Nereid.Server.Freshness;
using Nereid.Server.NamespaceQuotas;
using Nereid.Server.Namespaces;
using Nereid.Server.Notices;
using Nereid.Server.Pages.Shared;
using Nereid.Server.People;
using Nereid.Server.Resources;
using Nereid.Server.Sessions;
using Nereid.Server.Storage;

namespace Nereid.Server.Pages.Home;

/// <summary>One of my namespaces on the home page: my role, its status per cluster, what it requests now against its quota.</summary>
internal sealed record HomeNamespace(string Name, string Role, IReadOnlyList<NamespaceClusterStatusView> Status, string Use);

/// <summary>A policy exception request on the home page: waiting for my decision (platform admins) or my own, still open.</summary>
internal sealed record PendingException(string Namespace, string Policy, string? Pod, string RequestedBy, string Reason, int DurationDays, DateTime RequestedAt);

/// <summary>A join request waiting for my decision.</summary>
internal sealed record PendingJoin(string Namespace, string DisplayName, string Email, string Message, DateTime CreatedAt);

/// <summary>
/// /home: where a signed-in person starts: their namespaces with status and quota use, their sessions and storage, their
/// open requests, what waits for their decision (namespace and platform admins: join, tier and policy exception requests),
/// and their unread notices.
/// </summary>
[Authorize]
internal sealed class HomeModel(NereidDbContext db, PeopleService people, ClusterQueries clusters, NamespaceQuotaService quotas,
    ResourcesQueries resources, PortalNotices notices, SessionListService sessions, MyStorage storage, SourceHealth health, TimeProvider time) : NereidPageModel
{
    public IReadOnlyList<HomeNamespace> Namespaces { get; private set; } = [];
    public IReadOnlyList<string> MyPendingJoins { get; private set; } = [];
    public IReadOnlyList<TierRequestView> MyPendingTiers { get; private set; } = [];
    public IReadOnlyList<PendingJoin> JoinDecisions { get; private set; } = [];
    public IReadOnlyList<TierRequestView> TierDecisions { get; private set; } = [];
    public IReadOnlyList<PendingException> ExceptionDecisions { get; private set; } = [];
    public IReadOnlyList<PendingException> MyPendingExceptions { get; private set; } = [];
    public IReadOnlyList<PortalNoticeView> Unread { get; private set; } = [];
    public IReadOnlyList<SourceState> Sources { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    /// <summary>Whether a JupyterHub is configured; without one there are no sessions to show.</summary>
    public bool SessionsConfigured { get; private set; }

    /// <summary>My running and starting sessions, as the Sessions page lists them.</summary>
    public IReadOnlyList<SessionView> MySessions { get; private set; } = [];

    /// <summary>JupyterHub's state when it did not answer (the sessions are then unknown), else null.</summary>
    public SourceState? SessionsUnreachable { get; private set; }

    /// <summary>My namespaces' storage per cluster, as the storage page reads it; empty for guests.</summary>
    public IReadOnlyList<NamespaceStorage> Storage { get; private set; } = [];

    public bool ObjectStore => storage.ObjectStore;

    /// <summary>Guests hold no namespace roles, so no storage.</summary>
    public bool HoldsStorage => Actor?.Tier.HoldsNamespaceRoles() == true;

    /// <summary>A cluster's state when it is unreachable (what is shown from it is the last known state), else null.</summary>
    public SourceState? Unreachable(string? cluster) => cluster is not null && health.Cluster(cluster) is { Stale: true } s ? s : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = Actor!;
        Now = time.GetUtcNow();
        Sources = [.. health.All.Where(s => s.Kind == SourceKinds.Cluster)];
        var mine = await people.MembershipsAsync(actor, ct);
        var list = new List<HomeNamespace>();
        foreach (var m in mine)
            list.Add(new HomeNamespace(m.Namespace, m.Role, await clusters.NamespaceStatusAsync(m.Namespace, ct), await UseAsync(actor, m.Namespace, ct)));
        Namespaces = list;
        MyPendingJoins = await db.JoinRequests.AsNoTracking().Where(r => r.PersonId == actor.PersonId && r.State == RequestState.Pending)
            .Select(r => r.Namespace!.Name).OrderBy(n => n).ToListAsync(ct);
        MyPendingTiers = [.. (await people.MyTierRequestsAsync(actor, ct)).Where(r => r.State == "pending")];
        var administered = db.JoinRequests.AsNoTracking().Where(r => r.State == RequestState.Pending);
        if (!actor.IsPlatformAdmin)
        {
            var names = await db.EffectiveMemberships().Where(m => m.PersonId == actor.PersonId && m.Role == Domain.Namespaces.MembershipRole.Admin)
                .Select(m => m.NamespaceId).ToListAsync(ct);
            administered = administered.Where(r => names.Contains(r.NamespaceId));
        }
        JoinDecisions = await administered.OrderBy(r => r.CreatedAt).Take(50)
            .Select(r => new PendingJoin(r.Namespace!.Name, r.Person!.DisplayName, r.Person.Email, r.Message, r.CreatedAt)).ToListAsync(ct);
        if (actor.IsPlatformAdmin)
        {
            TierDecisions = await people.PendingTierRequestsAsync(actor, ct);
            ExceptionDecisions = await PendingExceptionsAsync(r => true, ct);
        }
        MyPendingExceptions = await PendingExceptionsAsync(r => r.RequestedById == actor.PersonId, ct);
        Unread = await notices.ListAsync(actor, unreadOnly: true, ct);
        await LoadSessionsAsync(actor, ct);
        if (HoldsStorage)
            Storage = await storage.ReadAsync(actor, skipUnreachable: true, ct);
    }

    private async Task LoadSessionsAsync(Auth.Actor actor, CancellationToken ct)
    {
        try
        {
            var view = await sessions.ListAsync(actor, ct);
            SessionsConfigured = view.Configured;
            MySessions = [.. view.Items.Where(s => s.Mine && (s.Ready || s.Pending))];
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // The service recorded the failure; the page says since when JupyterHub does not answer instead of "no sessions".
            SessionsConfigured = true;
            SessionsUnreachable = health.Get(SourceKinds.JupyterHub, SourceKinds.JupyterHub);
        }
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
    {
        await notices.MarkAsync(Actor!, id, true, ct);
        return Redirect("/home");
    }

    private async Task<List<PendingException>> PendingExceptionsAsync(System.Linq.Expressions.Expression<Func<PolicyExceptionRequest, bool>> which, CancellationToken ct)
    {
        var rows = await db.Set<PolicyExceptionRequest>().AsNoTracking().Where(r => r.State == ExceptionRequestState.Pending).Where(which)
            .OrderBy(r => r.RequestedAt).Take(50).ToListAsync(ct);
        return rows.Select(r => new PendingException(r.Namespace, r.Policy.ToWire(), r.PodName, r.RequestedByName, r.Reason, r.DurationDays, r.RequestedAt)).ToList();
    }

    private async Task<string> UseAsync(Auth.Actor actor, string name, CancellationToken ct)
    {
        if (!actor.AtLeast(Tier.User))
            return "";
        var use = (await resources.NamespaceUsageAsync(actor, name, ct)).Total;
        var quota = (await quotas.GetAsync(actor, name, ct)).Effective;
        string Of(string key) => quota.TryGetValue(key, out var q) ? $" of {q}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{TimeText.Plural(use.Gpus, "GPU")}{Of("requests.nvidia.com/gpu")} · {use.CpuCores:0.##} cores{Of("requests.cpu")} · {use.MemoryBytes / (double)(1L << 30):#,0.#} GiB memory{Of("requests.memory")} · {TimeText.Plural(use.Pods, "pod")}");
    }
}
