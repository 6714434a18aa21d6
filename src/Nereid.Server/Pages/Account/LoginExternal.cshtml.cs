using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Identity.Oidc;
using Nereid.Server.Auth;
using Nereid.Server.Identity;
using Nereid.Server.Pages.Shared;
using OidcIdentity = Nereid.Identity.Oidc.ExternalIdentity;

namespace Nereid.Server.Pages.Account;

/// <summary>
/// Where every federated login lands: reads the provider identity from the short external cookie (then drops it)
/// and either signs the person in (creating a guest on first login) or links the identity to the signed-in person.
/// </summary>
[AllowAnonymous]
internal sealed partial class LoginExternalModel(ExternalLoginService logins, SessionStore sessions, ILogger<LoginExternalModel> logger) : NereidPageModel
{
    /// <summary>Item in the challenge's authentication properties saying why the login was started (kept inside the protected state).</summary>
    public const string IntentItem = "nereid.intent";
    /// <summary>Item naming the person who asked to link, so a link is only ever attached to the person who started it.</summary>
    public const string LinkPersonItem = "nereid.link-person";
    public const string SignInIntent = "signin";
    public const string LinkIntent = "link";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await HttpContext.AuthenticateAsync(AuthServiceExtensions.ExternalScheme);
        // One use only: the external identity must not linger for a later, unintended sign-in or link.
        await HttpContext.SignOutAsync(AuthServiceExtensions.ExternalScheme);
        var external = result.Succeeded ? OidcIdentity.FromPrincipal(result.Principal!) : null;
        if (external is null)
            return LocalRedirect("/login?error=" + OidcFailureCodes.LoginFailed);
        var items = result.Properties?.Items ?? new Dictionary<string, string?>();
        if (items.TryGetValue(IntentItem, out var intent) && intent == LinkIntent)
            return await LinkAsync(external, items.TryGetValue(LinkPersonItem, out var by) ? by : null, ct);

        // A new sign-in whose verified email belongs to someone already here: offer to link, never link or create silently.
        if (await logins.LinkCandidateAsync(external, ct) is not null)
        {
            LogLinkOffered(logger, external.Issuer);
            var offer = Partial("_LinkOffer", new LinkOffer(external.IssuerName ?? external.Issuer, external.Email!));
            return offer;
        }
        var person = await logins.SignInAsync(external, ct);
        if (person.IsSuspended)
            return StatusPage(StatusCodes.Status403Forbidden, LoginModel.SuspendedMessage);
        if (person.IsMerged)
            return StatusPage(StatusCodes.Status403Forbidden, LoginModel.MergedMessage);
        var principal = await sessions.StartAsync(person, external.IssuerName ?? external.Issuer, ct, OidcUpstreamSignOut.IdTokenOf(result.Properties));
        await HttpContext.SignInAsync(NereidClaims.CookieScheme, principal);
        LogSignedIn(logger, person.Id, external.IssuerName ?? external.Issuer);
        return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl, Url));
    }

    private async Task<IActionResult> LinkAsync(OidcIdentity external, string? requestedBy, CancellationToken ct)
    {
        var actor = Actor;
        if (actor is null || requestedBy != actor.PersonId.ToString())
            return Done("The link was not made: you were signed out (or signed in as someone else) meanwhile. Sign in and try again.", "/profile");
        try
        {
            await logins.LinkAsync(actor, external, ct);
        }
        catch (ConflictException e)
        {
            LogLinkRefused(logger, actor.PersonId, external.Issuer);
            return Done(e.Message, "/profile");
        }
        return Done($"Linked: you can now also sign in with {external.IssuerName ?? external.Issuer}.", "/profile");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First sign-in through {Issuer} matches an existing person's verified email: offered to link")]
    private static partial void LogLinkOffered(ILogger logger, string issuer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Person {PersonId} signed in through {Method}")]
    private static partial void LogSignedIn(ILogger logger, Guid personId, string method);

    [LoggerMessage(Level = LogLevel.Information, Message = "Link refused for {PersonId}: identity from {Issuer} belongs to someone else")]
    private static partial void LogLinkRefused(ILogger logger, Guid personId, string issuer);
}

/// <summary>What the offer to link says: which provider was used and the email that matched.</summary>
internal sealed record LinkOffer(string Provider, string Email);
