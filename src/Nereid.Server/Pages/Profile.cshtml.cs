using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.People;
using Nereid.Server.Namespaces;
using Nereid.Server.People;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Tokens;

namespace Nereid.Server.Pages;

/// <summary>The signed-in person's own page: tier, memberships, requests, promotion request, personal access tokens.</summary>
public sealed class ProfileModel(PeopleService people, NamespaceService namespaces, TokenService tokens) : NereidPageModel
{
    [BindProperty]
    public PromotionForm Promotion { get; set; } = new();

    [BindProperty]
    public TokenForm NewToken { get; set; } = new();

    public PersonView Person { get; private set; } = null!;
    public IReadOnlyList<MyMembershipView> Memberships { get; private set; } = [];
    public IReadOnlyList<JoinRequestView> JoinRequests { get; private set; } = [];
    public IReadOnlyList<TierRequestView> TierRequests { get; private set; } = [];
    public IReadOnlyList<TokenView> Tokens { get; private set; } = [];

    /// <summary>Set only on the response to creating a token: the one time its secret is shown.</summary>
    public CreatedToken? Created { get; private set; }

    /// <summary>Tiers the person may ask for: above their own, never platform admin.</summary>
    public IEnumerable<Tier> RequestableTiers => Enum.GetValues<Tier>().Where(t => t > Actor!.Tier && t != Tier.PlatformAdmin);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostPromotionAsync(CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            var request = await people.RequestTierAsync(Actor!, TierNames.Parse(Promotion.Tier), Promotion.Reason, ct);
            return Done($"Your request for the {request.RequestedTier} tier was sent to the platform admins.", "/profile");
        }, () => LoadAsync(ct), nameof(Promotion), typeof(PromotionForm));

    public Task<IActionResult> OnPostTokenAsync(CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            Created = await tokens.CreateAsync(Actor!, NewToken.Name, NewToken.ExpiresInDays, ct);
            // The secret is in this response only: never in TempData (a cookie), never cached.
            Response.Headers.CacheControl = "no-store";
            NewToken = new TokenForm();
            ModelState.Clear();
            await LoadAsync(ct);
            return Page();
        }, () => LoadAsync(ct), nameof(NewToken), typeof(TokenForm));

    public Task<IActionResult> OnPostRevokeAsync(Guid tokenId, CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            await tokens.RevokeAsync(Actor!, tokenId, ct);
            return Done("The token was revoked; scripts using it stop working now.", "/profile");
        }, () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor!;
        Person = await people.GetAsync(actor, actor.PersonId, ct);
        Memberships = await people.MembershipsAsync(actor, ct);
        JoinRequests = await namespaces.MyJoinRequestsAsync(actor, ct);
        TierRequests = (await people.MyTierRequestsAsync(actor, ct)).OrderByDescending(r => r.CreatedAt).ToList();
        Tokens = await tokens.ListAsync(actor, ct);
    }
}

/// <summary>Asking for a higher tier.</summary>
public sealed class PromotionForm
{
    public string? Tier { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Creating a personal access token.</summary>
public sealed class TokenForm
{
    public string? Name { get; set; }
    public int? ExpiresInDays { get; set; } = 90;
}
