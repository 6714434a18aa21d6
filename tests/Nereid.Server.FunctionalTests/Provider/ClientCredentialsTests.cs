using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nereid.Server.FunctionalTests.Infrastructure;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>Discovery, JWKS from the database keys, and the client-credentials grant of Nereid's own provider.</summary>
public sealed class ClientCredentialsTests : IClassFixture<ClientCredentialsTests.ProviderApp>
{
    public sealed class ProviderApp : NereidAppFactory
    {
        public ProviderApp()
        {
            With("Nereid:Provider:AllowHttp", "true");
            // No grace for a rotated refresh token, so reuse detection shows on the first reuse.
            With("Nereid:Provider:RefreshTokenReuseLeeway", "00:00:00");
        }
    }

    private readonly ProviderApp _app;

    public ClientCredentialsTests(ProviderApp app) => _app = app;

    private async Task<string> RegisterAsync(string clientType, string? secret)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var clientId = "cc-" + Guid.NewGuid().ToString("N")[..8];
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = clientType,
            DisplayName = "Grafana",
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        });
        return clientId;
    }

    private async Task<HttpResponseMessage> ClientCredentialsAsync(string clientId, string? secret)
    {
        var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId }),
        };
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));
        }
        return await client.SendAsync(request);
    }

    private async Task<(JsonElement Discovery, JsonWebKeySet Keys)> DiscoverAsync()
    {
        var client = _app.CreateClient();
        var discovery = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        var keys = new JsonWebKeySet(await client.GetStringAsync(discovery.GetProperty("jwks_uri").GetString()));
        return (discovery, keys);
    }

    [Fact]
    public async Task Discovery_FreshInstall_PublishesTokenEndpointAndOneDatabaseSigningKey()
    {
        var (discovery, keys) = await DiscoverAsync();

        discovery.GetProperty("token_endpoint").GetString().ShouldEndWith("/connect/token");
        discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ShouldContain("client_credentials");
        var signing = keys.Keys.Where(k => k.Use == "sig").ToList();
        signing.ShouldHaveSingleItem().Kty.ShouldBe("RSA");
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Nereid.Data.NereidDbContext>();
        var row = db.ProviderSigningKeys.Single(k => k.Algorithm == "RS256");
        signing[0].Kid.ShouldBe(row.Id);
        // Protected at rest: the stored text is not the key's PKCS#8 (which would start with MII… in base64).
        row.ProtectedKey.ShouldNotStartWith("MII");
    }

    [Fact]
    public async Task ClientCredentials_ConfidentialClient_GetsJwtSignedByPublishedKey()
    {
        var clientId = await RegisterAsync(ClientTypes.Confidential, "grafana-secret-1");

        using var response = await ClientCredentialsAsync(clientId, "grafana-secret-1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("token_type").GetString().ShouldBe("Bearer");
        var (discovery, keys) = await DiscoverAsync();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(body.GetProperty("access_token").GetString(), new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(),
            ValidateAudience = false,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
        });
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        result.Claims["sub"].ShouldBe(clientId);
    }

    [Fact]
    public async Task ClientCredentials_WrongSecret_InvalidClient()
    {
        var clientId = await RegisterAsync(ClientTypes.Confidential, "right-secret");

        using var response = await ClientCredentialsAsync(clientId, "wrong-secret");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().ShouldBe(Errors.InvalidClient);
    }

    [Fact]
    public async Task ClientCredentials_PublicClient_Refused()
    {
        var clientId = await RegisterAsync(ClientTypes.Public, null);

        using var response = await ClientCredentialsAsync(clientId, null);

        // OpenIddict refuses before looking at the grant: a client that cannot authenticate has no client_secret to send.
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("error").GetString().ShouldBeOneOf(Errors.InvalidRequest, Errors.UnauthorizedClient, Errors.InvalidClient);
        body.TryGetProperty("access_token", out _).ShouldBeFalse();
    }
}
