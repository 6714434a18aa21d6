using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nereid.Identity.Oidc;
using Nereid.Domain.People;
using Nereid.Server.Identity;
using Nereid.Server.Namespaces;
using Nereid.Server.People;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Provider.Consent;
using Nereid.Server.Tokens;

namespace Nereid.Server.Pages;

/// <summary>The signed-in person's own page: tier, memberships, requests, promotion request, personal access tokens.</summary>
internal sealed class ProfileModel(PeopleService people, NamespaceService namespaces, TokenService tokens, ExternalLoginService logins,
    IOptions<NereidOidcOptions> oidc, Posix.PosixIdentityService posix, ConsentService consents) : NereidPageModel
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
    public IReadOnlyList<LinkedIdentityView> Identities { get; private set; } = [];
    public bool HasLocalAccount { get; private set; }
    public Posix.PosixAccountView? Posix { get; private set; }
    public IReadOnlyList<ConsentGrant> Consents { get; private set; } = [];

    /// <summary>The identity providers that can be linked.</summary>
    public IReadOnlyList<OidcIssuerOptions> Providers => oidc.Value.Issuers;

    /// <summary>Display name of the configured provider an identity came from (its issuer URL when no longer configured).</summary>
    public string ProviderName(string issuer) =>
        Providers.FirstOrDefault(p => p.NormalizedAuthority == issuer.TrimEnd('/')) is { } p ? p.DisplayName ?? p.Name : issuer;

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

    /// <summary>Starts a login at another provider whose identity is then linked to the signed-in person.</summary>
    public async Task<IActionResult> OnPostLinkAsync(string? provider, CancellationToken ct)
    {
        if (Providers.FirstOrDefault(p => p.Name == provider) is not { } issuer)
        {
            Problem = "Choose one of the listed providers.";
            await LoadAsync(ct);
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        var properties = new AuthenticationProperties { RedirectUri = "/login/external" };
        properties.Items[Account.LoginExternalModel.IntentItem] = Account.LoginExternalModel.LinkIntent;
        properties.Items[Account.LoginExternalModel.LinkPersonItem] = Actor!.PersonId.ToString();
        return Challenge(properties, issuer.SchemeName);
    }

    public Task<IActionResult> OnPostUnlinkAsync(Guid identityId, CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            await logins.UnlinkAsync(Actor!, identityId, ct);
            return Done("The sign-in method was unlinked.", "/profile");
        }, () => LoadAsync(ct));

    public Task<IActionResult> OnPostRevokeConsentAsync(string consentId, CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            await consents.RevokeAsync(Actor!, consentId, ct);
            return Done("Access was revoked: the application must ask you again, and its tokens stop working now.", "/profile");
        }, () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor!;
        Person = await people.GetAsync(actor, actor.PersonId, ct);
        Memberships = await people.MembershipsAsync(actor, ct);
        JoinRequests = await namespaces.MyJoinRequestsAsync(actor, ct);
        TierRequests = (await people.MyTierRequestsAsync(actor, ct)).OrderByDescending(r => r.CreatedAt).ToList();
        Tokens = await tokens.ListAsync(actor, ct);
        Identities = await logins.ListAsync(actor, ct);
        HasLocalAccount = await logins.HasLocalAccountAsync(actor, ct);
        Posix = await posix.FindOwnAsync(actor, ct);
        Consents = await consents.ListAsync(actor, ct);
    }
}

/// <summary>Asking for a higher tier.</summary>
internal sealed class PromotionForm
{
    public string? Tier { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Creating a personal access token.</summary>
internal sealed class TokenForm
{
    public string? Name { get; set; }
    public int? ExpiresInDays { get; set; } = 90;
}
