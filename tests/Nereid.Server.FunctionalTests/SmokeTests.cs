using System.Net;
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
}
