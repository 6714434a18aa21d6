using System.Net;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Identity;

/// <summary>The embedded default: no OIDC issuer, no cluster.</summary>
public sealed class ConfigPageTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Config_NoClusters_SaysNoClusterIsConnected()
    {
        await app.CreatePersonAsync("cfg-user", Tier.User);
        using var client = await PageClient.SignInAsync(app, "cfg-user", "cfg-user-password");

        var page = await client.GetAsync("/config");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("No cluster is connected");
    }

    [Fact]
    public async Task Kubeconfig_NoClusters_404ForUser()
    {
        var person = await app.CreatePersonAsync("cfg-user2", Tier.User);
        using var http = await app.ClientForAsync(person);

        using var response = await http.GetAsync("/api/v1/clusters/anything/kubeconfig");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("No cluster named 'anything'");
    }

    [Fact]
    public async Task Login_NoIssuersConfigured_ShowsNoProviderButtons()
    {
        using var client = PageClient.Anonymous(app);

        var page = await client.GetAsync("/login?error=state_invalid");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Text.ShouldNotContain("data-provider");
        page.Decoded.ShouldContain(Nereid.Identity.Oidc.OidcFailureCodes.Describe("state_invalid"));
    }
}
