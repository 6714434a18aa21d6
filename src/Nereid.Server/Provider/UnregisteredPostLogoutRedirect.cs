using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Nereid.Server.Provider;

/// <summary>
/// A <c>post_logout_redirect_uri</c> that is not, character for character, one the client registered is removed from
/// the end-session request as soon as it is extracted, before OpenIddict validates it: the person is still signed out, but sees Nereid's plain
/// signed-out page instead of being sent anywhere (no open redirect, and no error page that looks like a failed logout).
/// Without a <c>client_id</c> the URI must be registered by some client; OpenIddict's own checks (id_token_hint audience)
/// still run afterwards on the URIs that pass here.
/// </summary>
internal sealed class UnregisteredPostLogoutRedirect(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ExtractEndSessionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractEndSessionRequestContext>()
            .UseScopedHandler<UnregisteredPostLogoutRedirect>()
            // Right after the host extracted the request, before validation copies the URI and would refuse a malformed one.
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ExtractEndSessionRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var uri = context.Request?.PostLogoutRedirectUri;
        if (context.Request is null || string.IsNullOrEmpty(uri))
            return;
        if (!await IsRegisteredAsync(context.Request.ClientId, uri, context.CancellationToken))
        {
            context.Request.PostLogoutRedirectUri = null;
            context.Request.State = null;
        }
    }

    private async Task<bool> IsRegisteredAsync(string? clientId, string uri, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(clientId))
        {
            var application = await applications.FindByClientIdAsync(clientId, ct);
            return application is not null
                && (await applications.GetPostLogoutRedirectUrisAsync(application, ct)).Contains(uri, StringComparer.Ordinal);
        }
        await foreach (var application in applications.FindByPostLogoutRedirectUriAsync(uri, ct))
        {
            if ((await applications.GetPostLogoutRedirectUrisAsync(application, ct)).Contains(uri, StringComparer.Ordinal))
                return true;
        }
        return false;
    }
}
