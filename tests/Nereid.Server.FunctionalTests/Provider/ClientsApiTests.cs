using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>Registering relying parties through the API: secret shown once and hashed, rotation, validation, audit.</summary>
public sealed class ClientsApiTests : IClassFixture<ClientCredentialsTests.ProviderApp>
{
    private readonly ClientCredentialsTests.ProviderApp _app;
    private readonly ProviderFlow _flow;

    public ClientsApiTests(ClientCredentialsTests.ProviderApp app)
    {
        _app = app;
        _flow = new ProviderFlow(app);
    }

    private async Task<HttpResponseMessage> RegisterAsync(object body) =>
        await (await _app.ClientForAsync(await _app.AdminAsync())).PostAsJsonAsync("/api/v1/oidc-clients", body);

    private static object Confidential(string clientId) => new
    {
        clientId,
        displayName = "Grafana",
        confidential = true,
        redirectUris = new[] { ProviderFlow.RedirectUri },
        grants = new[] { "authorization_code", "refresh_token", "client_credentials" },
        scopes = new[] { "openid", "profile", "groups" },
    };

    private async Task<HttpStatusCode> ClientCredentialsAsync(string clientId, string secret)
    {
        using var http = _app.CreateClient();
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        }));
        return response.StatusCode;
    }

    [Fact]
    public async Task Update_KeepsIdTypeAndSecret_ThenDelete_ClientAndItsAccessGone()
    {
        var clientId = "grafana-" + Guid.NewGuid().ToString("N")[..6];
        using var registered = await RegisterAsync(Confidential(clientId));
        var secret = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        using var admin = await _app.ClientForAsync(await _app.AdminAsync());

        using var updated = await admin.PutAsJsonAsync($"/api/v1/oidc-clients/{clientId}", new
        {
            displayName = "Grafana (lab)", confidential = true, redirectUris = new[] { "https://grafana.example.edu/login/generic_oauth" },
            grants = new[] { "client_credentials" }, scopes = new[] { "profile" }, accessTokenLifetimeMinutes = 2,
        });
        var view = JsonDocument.Parse(await updated.Content.ReadAsStringAsync()).RootElement;
        var tokenAfterUpdate = await ClientCredentialsAsync(clientId, secret);
        using var deleted = await admin.DeleteAsync($"/api/v1/oidc-clients/{clientId}");
        using var deletedAgain = await admin.DeleteAsync($"/api/v1/oidc-clients/{clientId}");

        updated.StatusCode.ShouldBe(HttpStatusCode.OK, view.ToString());
        view.GetProperty("clientId").GetString().ShouldBe(clientId);
        view.GetProperty("displayName").GetString().ShouldBe("Grafana (lab)");
        view.GetProperty("accessTokenLifetimeMinutes").GetInt32().ShouldBe(2);
        view.GetProperty("grants").EnumerateArray().Select(g => g.GetString()).ShouldBe(["client_credentials"]);
        tokenAfterUpdate.ShouldBe(HttpStatusCode.OK);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        deletedAgain.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ClientCredentialsAsync(clientId, secret)).ShouldBe(HttpStatusCode.Unauthorized); // invalid_client: no such client any more
        (await _app.QueryAsync(db => db.AuditEvents.CountAsync(e => e.TargetId == clientId && (e.Action == "provider.client.update" || e.Action == "provider.client.delete")))).ShouldBe(2);
    }

    [Fact]
    public async Task Register_Confidential_SecretShownOnceHashedAndAudited()
    {
        var clientId = "grafana-" + Guid.NewGuid().ToString("N")[..6];

        using var response = await RegisterAsync(Confidential(clientId));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var secret = body.GetProperty("secret").GetString().ShouldNotBeNull();
        body.GetProperty("client").GetProperty("redirectUris").EnumerateArray().Single().GetString().ShouldBe(ProviderFlow.RedirectUri);
        (await ClientCredentialsAsync(clientId, secret)).ShouldBe(HttpStatusCode.OK);
        var stored = await _app.QueryAsync(db => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().SingleAsync(a => a.ClientId == clientId));
        stored.ClientSecret.ShouldNotBeNull().ShouldNotContain(secret);
        var list = await (await _app.ClientForAsync(await _app.AdminAsync())).GetStringAsync("/api/v1/oidc-clients");
        list.ShouldContain(clientId);
        list.ShouldNotContain(secret);
        (await _app.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "provider.client.register" && e.TargetId == clientId))).ShouldBe(1);
    }

    [Fact]
    public async Task RotateSecret_Confidential_OldSecretRefusedNewOneWorks()
    {
        var clientId = "rot-" + Guid.NewGuid().ToString("N")[..6];
        using var created = await RegisterAsync(Confidential(clientId));
        var old = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;

        using var response = await (await _app.ClientForAsync(await _app.AdminAsync())).PostAsync($"/api/v1/oidc-clients/{clientId}/secret", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var fresh = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        fresh.ShouldNotBe(old);
        (await ClientCredentialsAsync(clientId, old)).ShouldBe(HttpStatusCode.Unauthorized);
        (await ClientCredentialsAsync(clientId, fresh)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Register_RegisteredClient_CodeFlowUsesExactRedirectUri()
    {
        using var response = await RegisterAsync(new
        {
            displayName = "Notebook",
            confidential = false,
            redirectUris = new[] { ProviderFlow.RedirectUri },
            grants = new[] { "authorization_code" },
            scopes = new[] { "openid", "email" },
        });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var client = new ProviderFlow.Client(body.GetProperty("client").GetProperty("clientId").GetString()!, null);
        body.GetProperty("secret").ValueKind.ShouldBe(JsonValueKind.Null);
        var userName = "np-" + Guid.NewGuid().ToString("N")[..6];
        await _app.CreatePersonAsync(userName, Nereid.Domain.People.Tier.User);
        using var browser = await PageClient.SignInAsync(_app, userName, userName + "-password");
        var pkce = ProviderFlow.Pkce.Create();

        var (status, tokens) = await _flow.RedeemAsync(client, await _flow.CodeAsync(browser, client, "openid email", pkce), pkce.Verifier);

        status.ShouldBe(HttpStatusCode.OK, tokens.ToString());
        (await ProviderFlow.AuthorizeAsync(browser, client, "openid", ProviderFlow.Pkce.Create(), ProviderFlow.RedirectUri + "/")).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("redirectUris", "http://app.example.edu/cb", "authorization_code", false)]
    [InlineData("redirectUris", "https://app.example.edu/cb#frag", "authorization_code", false)]
    [InlineData("redirectUris", "not a uri", "authorization_code", false)]
    [InlineData("grants", "https://app.example.edu/cb", "password", false)]
    [InlineData("grants", "https://app.example.edu/cb", "client_credentials", false)]
    public async Task Register_BadInput_ValidationProblemNothingSaved(string field, string redirectUri, string grant, bool confidential)
    {
        var clientId = "bad-" + Guid.NewGuid().ToString("N")[..6];

        using var response = await RegisterAsync(new { clientId, confidential, redirectUris = new[] { redirectUri }, grants = new[] { grant } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        (await _app.QueryAsync(db => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().CountAsync(a => a.ClientId == clientId))).ShouldBe(0);
    }

    [Fact]
    public async Task Register_DuplicateClientId_Conflict()
    {
        var clientId = "dup-" + Guid.NewGuid().ToString("N")[..6];
        using var first = await RegisterAsync(Confidential(clientId));

        using var second = await RegisterAsync(Confidential(clientId));

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Register_PublicDeviceClientWithPostLogoutUri_DeviceFlowAndExactLogoutRedirectWork()
    {
        var clientId = "cli-" + Guid.NewGuid().ToString("N")[..6];

        using var response = await RegisterAsync(new
        {
            clientId,
            confidential = false,
            redirectUris = new[] { ProviderFlow.RedirectUri },
            postLogoutRedirectUris = new[] { ProviderFlow.PostLogoutRedirectUri },
            grants = new[] { "authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code" },
            scopes = new[] { "openid", "profile" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("client");
        view.GetProperty("postLogoutRedirectUris").EnumerateArray().Single().GetString().ShouldBe(ProviderFlow.PostLogoutRedirectUri);
        view.GetProperty("grants").EnumerateArray().Select(g => g.GetString()).ShouldContain("urn:ietf:params:oauth:grant-type:device_code");
        var (deviceStatus, device) = await _flow.DeviceAuthorizationAsync(new ProviderFlow.Client(clientId, null), "openid profile");
        deviceStatus.ShouldBe(HttpStatusCode.OK, device.ToString());
        device.GetProperty("user_code").GetString().ShouldNotBeNullOrEmpty();
        using var anonymous = PageClient.Anonymous(_app);
        var logout = await anonymous.GetAsync($"/connect/endsession?client_id={clientId}&post_logout_redirect_uri={Uri.EscapeDataString(ProviderFlow.PostLogoutRedirectUri)}&state=s1");
        logout.Location.ShouldBe(ProviderFlow.PostLogoutRedirectUri + "?state=s1");
    }

    [Theory]
    [InlineData("http://app.example.edu/signed-out")]
    [InlineData("https://app.example.edu/signed-out#frag")]
    [InlineData("/signed-out")]
    public async Task Register_BadPostLogoutRedirectUri_ValidationProblemAndNothingSaved(string uri)
    {
        var clientId = "bad-" + Guid.NewGuid().ToString("N")[..6];

        using var response = await RegisterAsync(new
        {
            clientId,
            confidential = false,
            redirectUris = new[] { ProviderFlow.RedirectUri },
            postLogoutRedirectUris = new[] { uri },
            grants = new[] { "authorization_code" },
            scopes = new[] { "openid" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("postLogoutRedirectUris", out _).ShouldBeTrue();
        (await _app.QueryAsync(db => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().CountAsync(a => a.ClientId == clientId))).ShouldBe(0);
    }
}
