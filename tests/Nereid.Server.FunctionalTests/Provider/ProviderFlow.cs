using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>A relying party as a test sees it: registers itself, sends a signed-in browser to /connect/authorize, redeems codes.</summary>
internal sealed class ProviderFlow(NereidAppFactory app)
{
    public const string RedirectUri = "https://app.example.edu/callback";
    public const string PostLogoutRedirectUri = "https://app.example.edu/signed-out";

    public sealed record Client(string Id, string? Secret);

    public sealed record Pkce(string Verifier, string Challenge)
    {
        public static Pkce Create()
        {
            var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            return new(verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        }
    }

    public async Task<Client> RegisterAsync(bool confidential, params string[] scopes)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var client = new Client("rp-" + Guid.NewGuid().ToString("N")[..8], confidential ? "rp-secret-" + Guid.NewGuid().ToString("N") : null);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.Id,
            ClientSecret = client.Secret,
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            DisplayName = "Relying party",
            RedirectUris = { new Uri(RedirectUri) },
            PostLogoutRedirectUris = { new Uri(PostLogoutRedirectUri) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Endpoints.DeviceAuthorization, Permissions.GrantTypes.DeviceCode,
                Permissions.Endpoints.Revocation, Permissions.Endpoints.EndSession,
            },
        };
        foreach (var s in scopes)
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + s);
        await applications.CreateAsync(descriptor);
        return client;
    }

    /// <summary>GET /connect/authorize with the browser's cookies; returns the response (a redirect when all went well).</summary>
    public static async Task<PageResponse> AuthorizeAsync(PageClient browser, Client client, string scope, Pkce? pkce, string redirectUri = RedirectUri)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client.Id,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = "st-" + Guid.NewGuid().ToString("N")[..6],
            ["nonce"] = "n-" + Guid.NewGuid().ToString("N")[..6],
        };
        if (pkce is not null)
        {
            query["code_challenge"] = pkce.Challenge;
            query["code_challenge_method"] = "S256";
        }
        return await browser.GetAsync(QueryHelpers.AddQueryString("/connect/authorize", query));
    }

    /// <summary>The query parameters of the redirect back to the client.</summary>
    public static Dictionary<string, string> Callback(PageResponse response)
    {
        response.Status.ShouldBe(HttpStatusCode.Redirect, response.Text);
        response.Location.ShouldNotBeNull().ShouldStartWith(RedirectUri + "?");
        return QueryHelpers.ParseQuery(new Uri(response.Location).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public async Task<string> CodeAsync(PageClient browser, Client client, string scope, Pkce? pkce)
    {
        var callback = Callback(await AuthorizeAsync(browser, client, scope, pkce));
        callback.ShouldContainKey("code", string.Join("&", callback.Select(p => p.Key + "=" + p.Value)));
        return callback["code"];
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(Client client, string code, string? verifier, string? secret = null) =>
        TokenAsync(client, secret ?? client.Secret, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
        });

    public Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(Client client, string refreshToken) =>
        TokenAsync(client, client.Secret, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    public Task<(HttpStatusCode Status, JsonElement Body)> ClientCredentialsAsync(Client client, string? secret = null) =>
        TokenAsync(client, secret ?? client.Secret, new() { ["grant_type"] = GrantTypes.ClientCredentials });

    public Task<(HttpStatusCode Status, JsonElement Body)> DeviceCodeAsync(Client client, string deviceCode) =>
        TokenAsync(client, client.Secret, new() { ["grant_type"] = GrantTypes.DeviceCode, ["device_code"] = deviceCode });

    /// <summary>POST /connect/device: the device's request for a user code.</summary>
    public Task<(HttpStatusCode Status, JsonElement Body)> DeviceAuthorizationAsync(Client client, string scope) =>
        TokenAsync(client, client.Secret, new() { ["scope"] = scope }, "/connect/device");

    /// <summary>POST /connect/revoke (RFC 7009); the body is empty on success.</summary>
    public async Task<HttpStatusCode> RevokeAsync(Client client, string token, string? hint = null)
    {
        using var http = app.CreateClient();
        using var request = FormRequest("/connect/revoke", client, client.Secret, new() { ["token"] = token, ["token_type_hint"] = hint });
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(Client client, string? secret, Dictionary<string, string?> fields, string path = "/connect/token")
    {
        using var http = app.CreateClient();
        using var request = FormRequest(path, client, secret, fields);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static HttpRequestMessage FormRequest(string path, Client client, string? secret, Dictionary<string, string?> fields)
    {
        var form = fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!);
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (secret is null)
        {
            form["client_id"] = client.Id;
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(client.Id) + ":" + Uri.EscapeDataString(secret))));
        }
        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    public async Task<(HttpStatusCode Status, string Body)> UserInfoAsync(string accessToken)
    {
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Validates a token Nereid issued against its published keys and returns its claims.</summary>
    public async Task<IDictionary<string, object>> ValidateAsync(string token, string? audience = null)
    {
        using var http = app.CreateClient();
        var discovery = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        var keys = new JsonWebKeySet(await http.GetStringAsync(discovery.GetProperty("jwks_uri").GetString()));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(),
            ValidAudience = audience,
            ValidateAudience = audience is not null,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
        });
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        return result.Claims;
    }

    public static string[] Groups(IDictionary<string, object> claims) => claims.TryGetValue("groups", out var value)
        ? value switch
        {
            string one => [one],
            IEnumerable<object> many => [.. many.Select(g => g.ToString()!)],
            _ => throw new InvalidOperationException($"groups is a {value.GetType()}"),
        }
        : [];
}
