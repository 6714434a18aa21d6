using System.Net;
using System.Net.Http.Headers;
using Nereid.TestSupport.Oidc;

namespace Nereid.Identity.Tests.Oidc;

public sealed class OidcBearerHandlerTests : IAsyncLifetime
{
    private TestIssuer _idp = null!;
    private LoginTestApp _app = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _idp = await TestIssuer.StartAsync();
        _app = await LoginTestApp.StartAsync(new Dictionary<string, string> { ["campus"] = _idp.Issuer });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _idp.DisposeAsync();
    }

    private async Task<HttpResponseMessage> CallAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _app.BaseUrl + "/api/me");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task Authenticate_ValidTokenFromConfiguredIssuer_Succeeds()
    {
        using var response = await CallAsync(_idp.Mint(OidcProviderServer.PortalClientId));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("\"user-123\"");
    }

    [Fact]
    public async Task Authenticate_TokenFromIssuerNotConfigured_Unauthorized()
    {
        await using var stranger = await TestIssuer.StartAsync();
        using var response = await CallAsync(stranger.Mint(OidcProviderServer.PortalClientId));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Fact]
    public async Task Authenticate_WrongAudience_Unauthorized()
    {
        using var response = await CallAsync(_idp.Mint("some-other-app"));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Authenticate_NoToken_Unauthorized()
    {
        using var response = await CallAsync(null);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
