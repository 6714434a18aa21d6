using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.People;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Admin;

/// <summary>Platform admins: find people, change tiers, suspend and reinstate, decide tier requests, create local accounts.</summary>
internal sealed class PeopleModel(PeopleService people, LocalAccountService accounts) : NereidPageModel
{
    public const int PageSize = 100;
    private const string NotAllowed = "Only platform admins may manage people.";

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "continue")]
    public string? Continue { get; set; }

    [BindProperty]
    public NewAccountForm Input { get; set; } = new();

    public IReadOnlyList<PersonView> People { get; private set; } = [];
    public string? NextToken { get; private set; }
    public IReadOnlyList<TierRequestView> PendingRequests { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Actor?.IsPlatformAdmin != true)
            return Denied(NotAllowed);
        return await ChangeAsync(async () =>
        {
            await LoadAsync(ct);
            return Page();
        }, () =>
        {
            Continue = null;
            return LoadAsync(ct);
        });
    }

    /// <summary>A tier change above user waiting for the admin to confirm it, with what it grants.</summary>
    public TierConfirmation? Confirm { get; private set; }

    public Task<IActionResult> OnPostTierAsync(Guid personId, string? tier, string? reason, bool confirmed, CancellationToken ct) =>
        Run(async actor =>
        {
            var wanted = TierNames.Parse(tier);
            var person = await people.GetAsync(actor, personId, ct);
            // Above user a tier grants power over others: the page asks once more, saying what it grants (the API does not).
            if (wanted > Domain.People.Tier.User && !confirmed && person.Tier != wanted.ToWire())
            {
                await LoadAsync(ct);
                var userName = (await people.UserNamesAsync([personId], ct)).GetValueOrDefault(personId);
                Confirm = new TierConfirmation(person with { UserName = userName }, wanted.ToWire(), reason, TierConfirmation.GrantsOf(wanted));
                return Page();
            }
            var changed = await people.SetTierAsync(actor, personId, wanted, reason, ct);
            return Done($"{changed.DisplayName} now has the {changed.Tier} tier.", Here);
        }, ct);

    public Task<IActionResult> OnPostSuspendAsync(Guid personId, string? reason, CancellationToken ct) =>
        Run(async actor =>
        {
            var changed = await people.SuspendAsync(actor, personId, reason, ct);
            return Done($"{changed.DisplayName} is suspended.", Here);
        }, ct);

    public Task<IActionResult> OnPostReinstateAsync(Guid personId, CancellationToken ct) =>
        Run(async actor =>
        {
            var changed = await people.ReinstateAsync(actor, personId, ct);
            return Done($"{changed.DisplayName} is reinstated.", Here);
        }, ct);

    public Task<IActionResult> OnPostDecideAsync(Guid requestId, string? decision, string? reason, CancellationToken ct) =>
        Run(async actor =>
        {
            var approve = string.Equals(decision, "approve", StringComparison.Ordinal);
            var decided = await people.DecideTierRequestAsync(actor, requestId, approve, reason, ct);
            return Done(approve ? $"{decided.DisplayName} was promoted to {decided.RequestedTier}." : $"The request of {decided.DisplayName} was denied.", Here);
        }, ct);

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        Run(async actor =>
        {
            var person = await accounts.CreateAsync(actor, Input.UserName, Input.Password, Input.DisplayName, Input.Email, TierNames.Parse(Input.Tier), ct);
            return Done($"Local account {Input.UserName?.Trim()} ({person.DisplayName}) was created.", Here);
        }, ct);

    public string Here => "/admin/people" + (string.IsNullOrWhiteSpace(Search) ? "" : "?q=" + Uri.EscapeDataString(Search));

    private async Task<IActionResult> Run(Func<Actor, Task<IActionResult>> change, CancellationToken ct)
    {
        // Checked here as well as in the services: account creation itself does not ask who creates.
        if (Actor is not { IsPlatformAdmin: true } actor)
            return Denied(NotAllowed);
        return await ChangeAsync(() => change(actor), () => LoadAsync(ct), "Input", typeof(NewAccountForm));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var page = await people.SearchAsync(Actor!, Search, PageSize, Continue, ct);
        People = page.Items;
        NextToken = page.Continue;
        PendingRequests = await people.PendingTierRequestsAsync(Actor!, ct);
    }
}

/// <summary>A tier change that waits for confirmation: who, to what, why, and what the tier grants.</summary>
internal sealed record TierConfirmation(PersonView Person, string Tier, string? Reason, IReadOnlyList<string> Grants)
{
    /// <summary>What a tier above user allows, in words.</summary>
    public static IReadOnlyList<string> GrantsOf(Tier tier) => tier switch
    {
        Domain.People.Tier.PlatformAdmin =>
        [
            "change anyone's tier, including making or removing other platform admins",
            "suspend and reinstate people, merge people and unlink their sign-ins",
            "administer every namespace: members, quotas, placement, deletion",
            "read the whole audit log and register clusters, OIDC clients and session images",
        ],
        Domain.People.Tier.Admin =>
        [
            "create namespaces and administer the namespaces they create (members, join requests, description)",
            "everything a user may do",
        ],
        _ => [],
    };
}

/// <summary>A local account created by a platform admin.</summary>
internal sealed class NewAccountForm
{
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string? Tier { get; set; } = "user";
}
