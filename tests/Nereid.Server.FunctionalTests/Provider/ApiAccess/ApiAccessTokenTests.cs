using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Provider.ApiAccess;

/// <summary>/api/v1 with access tokens Nereid issued: accepted for the API scope, each kind of bad token refused with a 401 ProblemDetails.</summary>
public sealed class ApiAccessTokenTests : IClassFixture<ApiAccessApp>
{
    private readonly ApiAccessApp _app;
    private readonly ApiTokens _tokens;

    public ApiAccessTokenTests(ApiAccessApp app)
    {
        _app = app;
        _tokens = new ApiTokens(app);
    }

    private async Task<(Person Person, PageClient Browser)> SignedInAsync(Tier tier = Tier.User)
    {
        var userName = "api-" + Guid.NewGuid().ToString("N")[..6];
        var person = await _app.CreatePersonAsync(userName, tier);
        return (person, await PageClient.SignInAsync(_app, userName, userName + "-password"));
    }

    private static async Task ShouldBeRefusedAsync((HttpStatusCode Status, string Body, HttpResponseMessage Response) call)
    {
        using var response = call.Response;
        call.Status.ShouldBe(HttpStatusCode.Unauthorized, call.Body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
        JsonDocument.Parse(call.Body).RootElement.GetProperty("status").GetInt32().ShouldBe(401);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Api_AccessTokenForApiScope_ActsAsThePerson()
    {
        var (person, browser) = await SignedInAsync();
        using var session = browser;
        var token = await _tokens.AccessTokenAsync(browser);

        var (status, body, response) = await _tokens.MeAsync(token);
        response.Dispose();

        status.ShouldBe(HttpStatusCode.OK, body);
        var me = JsonDocument.Parse(body).RootElement;
        me.GetProperty("id").GetGuid().ShouldBe(person.Id);
        me.GetProperty("tier").GetString().ShouldBe("user");
    }

    [Fact]
    public async Task Api_TokenWithoutApiScope_Unauthorized()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var token = await _tokens.AccessTokenAsync(browser, "openid profile");

        await ShouldBeRefusedAsync(await _tokens.MeAsync(token));
        (await _tokens.Flow.UserInfoAsync(token)).Status.ShouldBe(HttpStatusCode.OK, "the token is genuine, only not for the API");
    }

    [Fact]
    public async Task Api_RevokedAccessToken_Unauthorized()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await _tokens.Flow.RegisterAsync(confidential: false, "api");
        var token = (await _tokens.GrantAsync(browser, client, "openid api")).GetProperty("access_token").GetString()!;
        (await _tokens.MeAsync(token)).Status.ShouldBe(HttpStatusCode.OK);

        (await _tokens.Flow.RevokeAsync(client, token, "access_token")).ShouldBe(HttpStatusCode.OK);

        await ShouldBeRefusedAsync(await _tokens.MeAsync(token));
    }

    [Fact]
    public async Task Api_ExpiredAccessToken_Unauthorized()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var token = await _tokens.AccessTokenAsync(browser);
        (await _tokens.MeAsync(token)).Status.ShouldBe(HttpStatusCode.OK);

        _app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        await ShouldBeRefusedAsync(await _tokens.MeAsync(token));
    }

    [Fact]
    public async Task Api_TokenForAnotherAudience_Unauthorized()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var token = await _tokens.AccessTokenAsync(browser);

        // Genuine in every other respect: Nereid's key, its issuer, a live token entry.
        var forged = _tokens.ResignedWithNereidKey(token, p => p["aud"] = "kubernetes-west");

        await ShouldBeRefusedAsync(await _tokens.MeAsync(forged));
        (await _tokens.MeAsync(_tokens.ResignedWithNereidKey(token, _ => { }))).Status.ShouldBe(HttpStatusCode.OK, "re-signing alone changes nothing");
    }

    [Fact]
    public async Task Api_TokenFromAnotherIssuer_Unauthorized()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var token = await _tokens.AccessTokenAsync(browser);

        var otherIssuer = _tokens.ResignedWithNereidKey(token, p => p["iss"] = "https://idp.other.example/");

        await ShouldBeRefusedAsync(await _tokens.MeAsync(otherIssuer));
    }

    [Fact]
    public async Task Api_TokenSignedWithAnotherKey_Unauthorized()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var token = await _tokens.AccessTokenAsync(browser);
        using var rsa = RSA.Create(2048);

        var forged = ApiTokens.Sign(token, _ => { }, new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "attacker" }, SecurityAlgorithms.RsaSha256));

        await ShouldBeRefusedAsync(await _tokens.MeAsync(forged));
    }

    [Fact]
    public async Task Api_AlgNoneToken_Unauthorized()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var token = await _tokens.AccessTokenAsync(browser);

        await ShouldBeRefusedAsync(await _tokens.MeAsync(ApiTokens.Unsigned(token)));
    }

    /// <summary>Algorithm confusion: the published RSA modulus used as an HMAC secret.</summary>
    [Fact]
    public async Task Api_Hs256KeyedWithPublicKey_Unauthorized()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var token = await _tokens.AccessTokenAsync(browser);
        using var http = _app.CreateClient();
        var jwk = JsonDocument.Parse(await http.GetStringAsync("/.well-known/jwks")).RootElement.GetProperty("keys").EnumerateArray()
            .First(k => k.GetProperty("use").GetString() == "sig");
        var modulus = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("n").GetString());

        var forged = ApiTokens.Sign(token, _ => { },
            new SigningCredentials(new SymmetricSecurityKey(modulus) { KeyId = jwk.GetProperty("kid").GetString() }, SecurityAlgorithms.HmacSha256));

        await ShouldBeRefusedAsync(await _tokens.MeAsync(forged));
    }

    [Fact]
    public async Task Api_IdTokenAsBearer_Unauthorized()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await _tokens.Flow.RegisterAsync(confidential: false, "api");
        var idToken = (await _tokens.GrantAsync(browser, client, "openid api")).GetProperty("id_token").GetString()!;

        await ShouldBeRefusedAsync(await _tokens.MeAsync(idToken));
    }

    [Fact]
    public async Task Api_SuspendedPerson_UnauthorizedAtOnce()
    {
        var (person, browser) = await SignedInAsync();
        using var session = browser;
        var token = await _tokens.AccessTokenAsync(browser);
        (await _tokens.MeAsync(token)).Status.ShouldBe(HttpStatusCode.OK);

        using var platform = await _app.ClientForAsync(await _app.AdminAsync());
        using (var suspended = await platform.PostAsJsonAsync($"/api/v1/people/{person.Id}/suspend", new { reason = "compromised laptop" }))
            suspended.StatusCode.ShouldBe(HttpStatusCode.OK, await suspended.Content.ReadAsStringAsync());

        await ShouldBeRefusedAsync(await _tokens.MeAsync(token));
    }

    [Fact]
    public async Task Api_DemotedPerson_LimitedAtOnce()
    {
        var (person, browser) = await SignedInAsync(Tier.Admin);
        using var session = browser;
        using var http = _tokens.ClientWith(await _tokens.AccessTokenAsync(browser));

        using var platform = await _app.ClientForAsync(await _app.AdminAsync());
        using (var demoted = await platform.PutAsJsonAsync($"/api/v1/people/{person.Id}/tier", new { tier = "user", reason = "left the lab" }))
            demoted.StatusCode.ShouldBe(HttpStatusCode.OK, await demoted.Content.ReadAsStringAsync());
        using var created = await http.PostAsJsonAsync("/api/v1/namespaces", new
        {
            name = "dem-" + Guid.NewGuid().ToString("N")[..6], institution = "UC Davis", pis = new[] { "Dr. PI" }, grants = Array.Empty<string>(),
            software = Array.Empty<string>(), description = "after the demotion", publications = Array.Empty<string>(),
        });
        using var me = await http.GetAsync("/api/v1/me");

        created.StatusCode.ShouldBe(HttpStatusCode.Forbidden, await created.Content.ReadAsStringAsync());
        JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement.GetProperty("tier").GetString().ShouldBe("user");
    }

    [Fact]
    public async Task Api_ClientCredentialsToken_Unauthorized()
    {
        var client = await _tokens.Flow.RegisterAsync(confidential: true, "api");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            // The helper's clients are for people; allow this one the service grant as well.
            var applications = scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictApplicationManager>();
            var application = (await applications.FindByClientIdAsync(client.Id))!;
            var descriptor = new OpenIddict.Abstractions.OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, application);
            descriptor.Permissions.Add(OpenIddict.Abstractions.OpenIddictConstants.Permissions.GrantTypes.ClientCredentials);
            await applications.UpdateAsync(application, descriptor);
        }
        using var http = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = client.Id, ["client_secret"] = client.Secret!, ["scope"] = "api",
            }),
        };
        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());

        await ShouldBeRefusedAsync(await _tokens.MeAsync(body.GetProperty("access_token").GetString()!));
    }
}
