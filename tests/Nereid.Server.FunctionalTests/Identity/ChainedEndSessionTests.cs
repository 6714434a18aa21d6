using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenIddict.Abstractions;
using Nereid.Server.Provider;
using Nereid.TestSupport.Browser;
using static Nereid.Server.FunctionalTests.Identity.IdentitySteps;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Identity;

/// <summary>
/// An application (relying party of Nereid's own provider) sends a federated person to Nereid's end-session endpoint:
/// Nereid ends its session, the real oidc-provider ends its own, and only then does the browser reach the application's
/// registered <c>post_logout_redirect_uri</c> with its <c>state</c>. The URI crosses the provider's round trip protected;
/// an altered value sends nobody anywhere.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class ChainedEndSessionTests(IdentityFixture fx)
{
    private const string State = "bye-7";

    /// <summary>The client's signed-out page; served by Nereid's own host (a 404 there) so the browser can really arrive.</summary>
    private string ClientSignedOutUri => fx.App.BaseUrl + "/rp-app/signed-out";

    private string EndSessionUrl(string clientId) => fx.App.BaseUrl + QueryHelpers.AddQueryString(EndSessionPaths.EndSession,
        new Dictionary<string, string?> { ["client_id"] = clientId, ["post_logout_redirect_uri"] = ClientSignedOutUri, ["state"] = State });

    private async Task<string> RegisterClientAsync()
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var clientId = "rp-" + Guid.NewGuid().ToString("N")[..8];
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Public,
            DisplayName = "Notebook hub",
            RedirectUris = { new Uri(fx.App.BaseUrl + "/rp-app/callback") },
            PostLogoutRedirectUris = { new Uri(ClientSignedOutUri) },
            Permissions = { Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code },
        });
        return clientId;
    }

    [Fact]
    public async Task EndSession_FederatedSession_EndsProviderSessionThenReturnsToClientWithState()
    {
        await AccountAsync(fx.Campus, "ce-eve", "Eve Ekwueme", "ce-eve@chained.ucsd.edu", "UC San Diego");
        var page = await PortalLoginAsync(fx, "campus", "ce-eve");
        var person = (await PersonAsync(fx, fx.Campus.Issuer, "ce-eve")).ShouldNotBeNull();
        var clientId = await RegisterClientAsync();

        await page.GotoAsync(EndSessionUrl(clientId));
        await page.ClickAsync("main form.form button[type=submit]");
        // At the provider's confirmation page: Nereid's session is already over, the provider's not yet.
        await PageUrl.WaitAsync(page, u => u.StartsWith(fx.Campus.Issuer, StringComparison.Ordinal));
        (await LatestSessionAsync(fx, person.Id)).RevokedAt.ShouldNotBeNull();
        await page.ClickAsync("#logout-yes");
        await PageUrl.WaitAsync(page, u => u.StartsWith(ClientSignedOutUri, StringComparison.Ordinal));

        page.Url.ShouldBe(ClientSignedOutUri + "?state=" + State);
        // The provider forgot the person.
        await ShouldAskForTheAccountAgainAsync(fx, page, "campus", fx.Campus);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EndSessionReturn_AlteredOrForgedValue_StaysOnNereidWithMessage()
    {
        // A genuine return as the end-session page makes it (same key ring), then altered: one character, empty, a plain URL.
        var returns = fx.App.Services.GetRequiredService<EndSessionReturn>();
        var genuine = returns.PathFor(ClientSignedOutUri, State);
        var value = QueryHelpers.ParseQuery(new Uri(fx.App.BaseUrl + genuine).Query)[EndSessionReturn.Parameter].ToString();
        var tampered = value[..^4] + (value[^4] == 'A' ? "B" : "A") + value[^3..];
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        foreach (var altered in new[] { tampered, "", "https://evil.example/" })
        {
            using var response = await http.GetAsync(fx.App.BaseUrl + QueryHelpers.AddQueryString(EndSessionPaths.Return, EndSessionReturn.Parameter, altered));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location!.ToString().ShouldBe("/", $"value '{altered}'");
        }
        // The untouched value does continue to the client: the refusals above are about the alteration.
        using (var ok = await http.GetAsync(fx.App.BaseUrl + genuine))
        {
            ok.Headers.Location!.ToString().ShouldBe(ClientSignedOutUri + "?state=" + State);
        }

        // In a browser the person reads why nothing happened.
        var page = await fx.Browser.NewPageAsync();
        await page.GotoAsync(fx.App.BaseUrl + QueryHelpers.AddQueryString(EndSessionPaths.Return, EndSessionReturn.Parameter, tampered));
        page.Url.ShouldBe(fx.App.BaseUrl + "/");
        (await page.Locator("p.banner[role=status]").InnerTextAsync())
            .ShouldBe("You are signed out. The application's return address could not be verified, so you stay on Nereid.");
        await page.Context.CloseAsync();
    }
}
