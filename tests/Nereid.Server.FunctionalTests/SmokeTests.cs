using System.Net;
using System.Net.Http.Json;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests;

public sealed class SmokeTests : IClassFixture<NereidAppFactory>
{
    private readonly NereidAppFactory _app;

    public SmokeTests(NereidAppFactory app) => _app = app;

    [Fact]
    public async Task Healthz_FreshInstall_AnswersOk()
    {
        var response = await _app.CreateClient().GetAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("ok");
    }

    [Fact]
    public async Task GetNamespace_Timestamps_AreUtcWithZ()
    {
        var client = await _app.ClientForAsync(await _app.AdminAsync());
        var created = await client.PostAsJsonAsync("/api/v1/namespaces", new
        {
            name = "utc-lab", institution = "UCSD", pis = new[] { "Dr. Time" }, grants = Array.Empty<string>(),
            software = Array.Empty<string>(), description = "", publications = Array.Empty<string>(),
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var json = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/namespaces/utc-lab");
        json.GetProperty("createdAt").GetString()!.ShouldEndWith("Z");
    }
}
