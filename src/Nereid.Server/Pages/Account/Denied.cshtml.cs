using Microsoft.AspNetCore.Authorization;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>Where the cookie handler sends signed-in people who may not see a page; answers 403.</summary>
[AllowAnonymous]
internal sealed class DeniedModel : NereidPageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
