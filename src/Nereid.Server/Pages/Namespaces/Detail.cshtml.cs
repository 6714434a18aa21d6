using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Server.Clusters;
using Nereid.Server.Freshness;
using Nereid.Server.NamespaceQuotas;
using Nereid.Server.Namespaces;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Placement;

namespace Nereid.Server.Pages.Namespaces;

/// <summary>
/// One namespace: metadata and per-cluster status for everyone, members and quota for members, join requests for its
/// admins, a join form for users.
/// </summary>
internal sealed class DetailModel(NamespaceService namespaces, PlacementService placements, NamespaceQuotaService quotas, SourceHealth health, TimeProvider time)
    : NereidPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    [BindProperty]
    public string? Message { get; set; }

    public NamespaceView Namespace { get; private set; } = null!;

    /// <summary>Null when the visitor may not see the member list.</summary>
    public IReadOnlyList<MemberView>? Members { get; private set; }
    public bool IsAdmin { get; private set; }
    public bool IsMember { get; private set; }
    public IReadOnlyList<JoinRequestView> PendingRequests { get; private set; } = [];
    public JoinRequestView? MyPendingRequest { get; private set; }

    /// <summary>Placement and the stored reconcile status per cluster, with which cluster is behind and why (no clusters when none is connected).</summary>
    public PlacementView? Placement { get; private set; }

    /// <summary>Reachability of the clusters the status comes from.</summary>
    public IReadOnlyList<SourceState> Sources { get; private set; } = [];

    /// <summary>Now, for relative times.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The quota, for the namespace's people and platform admins; null for everyone else.</summary>
    public NamespaceQuotaView? Quota { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(() => LoadAsync(ct));

    public async Task<IActionResult> OnPostJoinAsync(CancellationToken ct)
    {
        if (Actor is not { } actor)
            return Challenge();
        return await ChangeAsync(async () =>
        {
            await namespaces.RequestJoinAsync(actor, Name, Message, ct);
            return Done($"Your request to join {Name} was sent; its admins will decide.", Here);
        }, () => LoadAsync(ct), "", typeof(DetailModel));
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid requestId, string? decision, string? reason, CancellationToken ct)
    {
        if (Actor is not { } actor)
            return Challenge();
        var approve = string.Equals(decision, "approve", StringComparison.Ordinal);
        return await ChangeAsync(async () =>
        {
            var decided = await namespaces.DecideJoinAsync(actor, Name, requestId, approve, reason, ct);
            return Done(approve ? $"{decided.DisplayName} is now a member of {Name}." : $"The request of {decided.DisplayName} was denied.", Here);
        }, () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        if (Actor is not { } actor)
            return Challenge();
        return await ChangeAsync(async () =>
        {
            await namespaces.WithdrawJoinAsync(actor, Name, ct);
            return Done($"Your request to join {Name} was withdrawn.", Here);
        }, () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostLeaveAsync(CancellationToken ct)
    {
        if (Actor is not { } actor)
            return Challenge();
        return await ChangeAsync(async () =>
        {
            await namespaces.RemoveMemberAsync(actor, Name, actor.PersonId.ToString(), ct);
            return Done($"You left {Name}.", Here);
        }, () => LoadAsync(ct));
    }

    private string Here => "/namespaces/" + Uri.EscapeDataString(Name);

    private async Task LoadAsync(CancellationToken ct)
    {
        Namespace = await namespaces.GetAsync(Name, ct);
        Placement = await placements.GetAsync(Actor, Name, ct);
        Sources = [.. (Placement?.Clusters ?? []).Select(s => health.Cluster(s.Cluster)).OfType<SourceState>()];
        if (Actor is not { } actor)
            return;
        IsAdmin = await namespaces.IsNamespaceAdminAsync(actor, Name, ct);
        try
        {
            Members = await namespaces.ListMembersAsync(actor, Name, ct);
            IsMember = Members.Any(m => m.PersonId == actor.PersonId);
        }
        catch (ForbiddenException)
        {
            // Not a member: the page shows the count and the admins only.
            Members = null;
        }
        if (IsMember || actor.IsPlatformAdmin)
            Quota = await quotas.GetAsync(actor, Name, ct);
        if (IsAdmin)
            PendingRequests = await namespaces.ListJoinRequestsAsync(actor, Name, ct);
        if (!IsMember && actor.AtLeast(Tier.User))
            MyPendingRequest = (await namespaces.MyJoinRequestsAsync(actor, ct)).FirstOrDefault(r => r.Namespace == Name && r.State == "pending");
    }
}
