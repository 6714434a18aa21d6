using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Validation;

/// <summary>A bearer token that fails is a 401 on every API endpoint, never a silent downgrade to anonymous.</summary>
public sealed class InvalidBearerTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Theory]
    [InlineData("/api/v1/namespaces")]
    [InlineData("/api/v1/clusters")]
    [InlineData("/api/v1/namespaces/no-such/status")]
    public async Task Get_UnknownPersonalAccessToken_Answers401Problem(string path)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "nrd_" + new string('x', 40));

        var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(401);
    }

    [Fact]
    public async Task Get_NoCredentials_PublicEndpointStillAnswers()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/namespaces/no-such/status");

        response.StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Get_ValidToken_IsNotAffected()
    {
        var client = await app.ClientForAsync(await app.AdminAsync());

        (await client.GetAsync("/api/v1/namespaces")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
