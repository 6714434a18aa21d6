using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.Provider;
using Nereid.Server.Provider.Consent;
using OpenIddict.Abstractions;

namespace Nereid.Server.FunctionalTests.Browser;

/// <summary>
/// A consent-required client for the browser suite: <c>/connect/consent</c> is visited with its authorization request,
/// and the given person's profile lists a consent to it.
/// </summary>
internal static class PortalConsent
{
    public const string ClientId = "portal-consent";

    public const string Query = "?response_type=code&client_id=" + ClientId + "&redirect_uri=https%3A%2F%2Fnotebooks.example.edu%2Fhub%2Foauth_callback"
        + "&scope=openid%20profile%20email%20groups%20api%20offline_access&state=browser-suite&code_challenge=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU&code_challenge_method=S256";

    public static async Task SeedAsync(IServiceProvider services, Person person)
    {
        var registry = services.GetRequiredService<ClientRegistry>();
        var admin = new Actor(Guid.NewGuid(), "Seed", Tier.PlatformAdmin);
        await registry.RegisterAsync(admin, new ClientInput(ClientId, "Notebooks of the Ocean Imaging Collaboration (JupyterHub, west region)", false,
            ["https://notebooks.example.edu/hub/oauth_callback"], ["authorization_code", "refresh_token"],
            ["openid", "profile", "email", "groups", "api", "offline_access"], ConsentRequired: true), default);
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(ClientId) ?? throw new InvalidOperationException("The consent client was not registered.");
        await services.GetRequiredService<ConsentService>().GrantAsync(new Actor(person.Id, person.DisplayName, person.Tier), application,
            ImmutableArray.Create("openid", "profile", "groups", "api"), default);
    }
}
