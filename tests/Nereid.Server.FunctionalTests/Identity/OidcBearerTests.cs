using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Nereid.Server.Identity;
using static Nereid.Server.FunctionalTests.Identity.IdentitySteps;

namespace Nereid.Server.FunctionalTests.Identity;

[Collection(IdentityCollection.Name)]
public sealed class OidcBearerTests(IdentityFixture fx)
{
    private async Task<HttpResponseMessage> MeAsync(string token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, fx.App.BaseUrl + "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Me_CliTokenOfSignedUpPerson_ReturnsThatPerson()
    {
        await AccountAsync(fx.Campus, "br-hal", "Hal Hart", "hal@ucsd.edu", "UC San Diego");
        await (await PortalLoginAsync(fx, "campus", "br-hal")).Context.CloseAsync();
        var person = (await PersonAsync(fx, fx.Campus.Issuer, "br-hal")).ShouldNotBeNull();
        var token = await CachedIdTokenAsync(await CliLoginAsync(fx, fx.Campus, "br-hal"));

        using var response = await MeAsync(token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("id").GetGuid().ShouldBe(person.Id);
        body.RootElement.GetProperty("displayName").GetString().ShouldBe("Hal Hart");
    }

    [Fact]
    public async Task Me_CliTokenOfUnknownSubject_401WithProblemSayingSignInOnce()
    {
        await AccountAsync(fx.Campus, "br-ida", "Ida Irwin", "ida@ucsd.edu", "UC San Diego");
        var token = await CachedIdTokenAsync(await CliLoginAsync(fx, fx.Campus, "br-ida"));

        using var response = await MeAsync(token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("detail").GetString().ShouldBe(OidcPersonAuthenticationHandler.UnknownSubjectMessage);
        (await PersonAsync(fx, fx.Campus.Issuer, "br-ida")).ShouldBeNull();
    }

    [Fact]
    public async Task Me_UnknownSubjectThenPortalSignIn_SameTokenWorksAtOnce()
    {
        await AccountAsync(fx.Campus, "br-kim", "Kim Kato", "kim@ucsd.edu", "UC San Diego");
        var token = await CachedIdTokenAsync(await CliLoginAsync(fx, fx.Campus, "br-kim"));
        using (var before = await MeAsync(token))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // The rejection above is remembered briefly; the first portal sign-in must drop it.
        await (await PortalLoginAsync(fx, "campus", "br-kim")).Context.CloseAsync();
        using var after = await MeAsync(token);

        after.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Me_TokenFromUnconfiguredIssuer_401()
    {
        await AccountAsync(fx.Stranger, "br-jon", "Jon Jones", "jon@example.org", "Elsewhere");
        var token = await CachedIdTokenAsync(await CliLoginAsync(fx, fx.Stranger, "br-jon"));

        using var response = await MeAsync(token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("detail").GetString()!.ShouldContain("unknown_issuer");
    }
}
