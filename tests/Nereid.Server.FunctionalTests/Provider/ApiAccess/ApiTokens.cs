using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Provider.Keys;

namespace Nereid.Server.FunctionalTests.Provider.ApiAccess;

/// <summary>Getting Nereid-issued tokens the way a relying party does, calling /api/v1 with them, and forging variants of them.</summary>
internal sealed class ApiTokens(NereidAppFactory app)
{
    public ProviderFlow Flow { get; } = new(app);

    /// <summary>Code + PKCE for the signed-in browser; the token response.</summary>
    public async Task<JsonElement> GrantAsync(PageClient browser, ProviderFlow.Client client, string scope)
    {
        var pkce = ProviderFlow.Pkce.Create();
        var (status, body) = await Flow.RedeemAsync(client, await Flow.CodeAsync(browser, client, scope, pkce), pkce.Verifier);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    public async Task<string> AccessTokenAsync(PageClient browser, string scope = "openid api")
    {
        var client = await Flow.RegisterAsync(confidential: false, "api", "profile");
        return (await GrantAsync(browser, client, scope)).GetProperty("access_token").GetString()!;
    }

    public HttpClient ClientWith(string bearer)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http;
    }

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> MeAsync(string bearer)
    {
        using var http = ClientWith(bearer);
        var response = await http.GetAsync("/api/v1/me");
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>The payload of <paramref name="token"/>, changed by <paramref name="edit"/>, signed again with Nereid's current key.</summary>
    public string ResignedWithNereidKey(string token, Action<JsonObject> edit)
    {
        var signer = app.Services.GetRequiredService<SigningKeyCache>().Signer(SigningKeyStore.SigningAlgorithm).ShouldNotBeNull();
        return Sign(token, edit, new SigningCredentials(signer.Key, SecurityAlgorithms.RsaSha256));
    }

    public static string Sign(string token, Action<JsonObject> edit, SigningCredentials credentials)
    {
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]))!.AsObject();
        edit(payload);
        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), credentials, new Dictionary<string, object> { ["typ"] = "at+jwt" });
    }

    /// <summary>The same header and payload with <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(string token)
    {
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[0]))!.AsObject();
        header["alg"] = "none";
        return Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + token.Split('.')[1] + ".";
    }
}
