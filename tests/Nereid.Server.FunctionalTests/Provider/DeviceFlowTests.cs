using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Pages;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>Device authorization grant (RFC 8628): the device asks, the signed-in person confirms on the portal, the device polls.</summary>
public sealed class DeviceFlowTests : IClassFixture<ClientCredentialsTests.ProviderApp>
{
    private readonly ClientCredentialsTests.ProviderApp _app;
    private readonly ProviderFlow _flow;

    public DeviceFlowTests(ClientCredentialsTests.ProviderApp app)
    {
        _app = app;
        _flow = new ProviderFlow(app);
    }

    private async Task<(Person Person, PageClient Browser)> SignedInAsync()
    {
        var userName = "dev-" + Guid.NewGuid().ToString("N")[..6];
        var person = await _app.CreatePersonAsync(userName, Tier.User);
        return (person, await PageClient.SignInAsync(_app, userName, userName + "-password"));
    }

    private async Task<(string DeviceCode, string UserCode, string VerificationUri)> StartAsync(ProviderFlow.Client client)
    {
        var (status, body) = await _flow.DeviceAuthorizationAsync(client, "openid profile offline_access");
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return (body.GetProperty("device_code").GetString()!, body.GetProperty("user_code").GetString()!, body.GetProperty("verification_uri").GetString()!);
    }

    [Fact]
    public async Task DeviceCode_PersonApprovesUserCode_DeviceGetsTokensForThatPerson()
    {
        var (person, browser) = await SignedInAsync();
        using var session = browser;
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);
        var (deviceCode, userCode, verificationUri) = await StartAsync(client);
        var (pendingStatus, pending) = await _flow.DeviceCodeAsync(client, deviceCode);

        var page = await browser.GetAsync(QueryHelpers.AddQueryString("/connect/verify", "user_code", userCode));
        var approved = await browser.SubmitAsync(QueryHelpers.AddQueryString("/connect/verify", "user_code", userCode),
            new() { ["user_code"] = userCode, ["decision"] = "approve" });
        var (status, tokens) = await _flow.DeviceCodeAsync(client, deviceCode);

        new Uri(verificationUri).AbsolutePath.ShouldBe("/connect/verify");
        pendingStatus.ShouldBe(HttpStatusCode.BadRequest);
        pending.GetProperty("error").GetString().ShouldBe(Errors.AuthorizationPending);
        page.Decoded.ShouldContain("Relying party");
        approved.Status.ShouldBe(HttpStatusCode.Redirect, approved.Text);
        status.ShouldBe(HttpStatusCode.OK, tokens.ToString());
        var claims = await _flow.ValidateAsync(tokens.GetProperty("id_token").GetString()!, client.Id);
        claims["sub"].ShouldBe(person.Id.ToString());
        claims["tier"].ShouldBe("user");
        tokens.TryGetProperty("refresh_token", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task DeviceCode_PersonDenies_AccessDenied()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);
        var (deviceCode, userCode, _) = await StartAsync(client);

        await browser.SubmitAsync(QueryHelpers.AddQueryString("/connect/verify", "user_code", userCode),
            new() { ["user_code"] = userCode, ["decision"] = "deny" });
        var (status, body) = await _flow.DeviceCodeAsync(client, deviceCode);

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe(Errors.AccessDenied);
        body.TryGetProperty("access_token", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Verify_UnknownUserCode_ReadableErrorAndNothingApproved()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;

        var page = await browser.GetAsync("/connect/verify?user_code=ABCD-EFGH");

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Decoded.ShouldContain("That code is not valid");
    }

    [Fact]
    public async Task Verify_NotSignedIn_SentToSignIn()
    {
        using var anonymous = PageClient.Anonymous(_app);

        var page = await anonymous.GetAsync("/connect/verify?user_code=ABCD-EFGH");

        page.Status.ShouldBe(HttpStatusCode.Redirect);
        page.Location.ShouldNotBeNull().ShouldContain("/login");
    }

    [Fact]
    public async Task Discovery_AdvertisesDeviceRevocationAndEndSessionEndpoints()
    {
        using var http = _app.CreateClient();

        var discovery = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        new Uri(discovery.GetProperty("device_authorization_endpoint").GetString()!).AbsolutePath.ShouldBe("/connect/device");
        new Uri(discovery.GetProperty("revocation_endpoint").GetString()!).AbsolutePath.ShouldBe("/connect/revoke");
        new Uri(discovery.GetProperty("end_session_endpoint").GetString()!).AbsolutePath.ShouldBe("/connect/endsession");
        discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ShouldContain(GrantTypes.DeviceCode);
    }
}
