using Nereid.Identity.Oidc;
using Nereid.TestSupport.Oidc;

namespace Nereid.Identity.Tests.Oidc;

/// <summary>
/// Changes on the real provider's side that used to lock people out or mislead operators: each test runs its own
/// provider and app, because it restarts or misconfigures them.
/// </summary>
[Collection(OidcFlowCollection.Name)]
public sealed class OidcProviderChangeTests(OidcFlowFixture fx)
{
    [Fact]
    public async Task Login_ProviderRestartedWithNewKeyUnderSameKid_NextLoginSucceeds()
    {
        await using var provider = await OidcProviderServer.StartAsync(new OidcProviderServerOptions { PortalCallbackPaths = ["/signin-oidc/restarting"] });
        await using var app = await LoginTestApp.StartAsync(new Dictionary<string, string> { ["restarting"] = provider.Issuer });
        var first = await fx.Browser.LoginAsync(app.BaseUrl + "/challenge/restarting", "alice");
        first.Url.ShouldBe(app.BaseUrl + "/me");
        await first.Context.CloseAsync();

        // oidc-provider generates its RSA key at start and always calls it "test-rsa-1": the cached JWKS now holds a
        // key with the right kid and the wrong modulus.
        await provider.RestartAsync();
        var second = await fx.Browser.LoginAsync(app.BaseUrl + "/challenge/restarting", "alice");

        second.Url.ShouldBe(app.BaseUrl + "/me");
        (await second.Locator("body").InnerTextAsync()).ShouldContain("\"subject\":\"alice\"");
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task Challenge_DiscoveryNamesAnotherIssuer_RedirectsWithIssuerMismatchAndItsOwnMessage()
    {
        // Same provider, configured by a host name it does not call itself: discovery answers, naming 127.0.0.1.
        var misnamed = fx.Campus.Issuer.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        await using var app = await LoginTestApp.StartAsync(new Dictionary<string, string> { ["misnamed"] = misnamed });
        var page = await fx.Browser.NewPageAsync();

        await page.GotoAsync(app.BaseUrl + "/challenge/misnamed");

        page.Url.ShouldBe(app.BaseUrl + "/login?error=" + OidcFailureCodes.IssuerMismatch);
        var text = await page.Locator("body").InnerTextAsync();
        text.ShouldContain(OidcFailureCodes.Describe(OidcFailureCodes.IssuerMismatch));
        text.ShouldNotContain("could not be reached");
        await page.Context.CloseAsync();
    }
}
