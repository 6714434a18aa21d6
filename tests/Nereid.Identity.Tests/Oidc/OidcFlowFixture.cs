using Nereid.TestSupport.Oidc;

namespace Nereid.Identity.Tests.Oidc;

/// <summary>Two real OpenID providers, headless Chromium, and the login test app trusting both (plus one unreachable issuer).</summary>
public sealed class OidcFlowFixture : IAsyncLifetime
{
    public OidcProviderServer Campus { get; private set; } = null!;
    public OidcProviderServer Partner { get; private set; } = null!;
    public OidcBrowser Browser { get; private set; } = null!;
    public LoginTestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var campus = OidcProviderServer.StartAsync(new OidcProviderServerOptions { PortalCallbackPaths = ["/signin-oidc/campus"] });
        var partner = OidcProviderServer.StartAsync(new OidcProviderServerOptions { PortalCallbackPaths = ["/signin-oidc/partner"] });
        var browser = OidcBrowser.LaunchAsync();
        Campus = await campus;
        Partner = await partner;
        Browser = await browser;
        App = await LoginTestApp.StartAsync(new Dictionary<string, string>
        {
            ["campus"] = Campus.Issuer,
            ["partner"] = Partner.Issuer,
            ["down"] = LoginTestApp.UnreachableUrl(),
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Browser.DisposeAsync();
        await Campus.DisposeAsync();
        await Partner.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OidcFlowCollection : ICollectionFixture<OidcFlowFixture>
{
    public const string Name = "oidc-flow";
}
