using System.Net;
using System.Text.Json;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.TestSupport.Postgres;

namespace Nereid.Server.FunctionalTests.Outages;

/// <summary>A database outage while people use the API and the portal: clear 503 answers, and everything works again after.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task Requests_DatabaseDown_503WithRetryAfterNamingTheDatabaseThenRecover()
    {
        // A private server: this test takes it down, which the suite's shared one must never be.
        await using var postgres = await PostgresServer.StartAsync();
        var connection = await postgres.CreateDatabaseAsync();
        using var app = new NereidAppFactory()
            .With("Nereid:Database:Provider", "Postgres")
            .With("Nereid:Database:ConnectionString", connection)
            // No cached sign-ins: every request checks its session or token in the database, the path under test.
            .With("Nereid:Auth:ValidationCacheTime", "00:00:00");
        var admin = await app.AdminAsync();
        using var api = await app.ClientForAsync(admin);
        using var portal = await PageClient.AdminAsync(app);
        (await api.GetAsync("/api/v1/namespaces")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await portal.GetAsync("/")).Status.ShouldBe(HttpStatusCode.OK);

        await postgres.SuspendAsync();

        using (var down = await api.GetAsync("/api/v1/namespaces"))
        {
            down.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            down.Headers.RetryAfter.ShouldNotBeNull();
            down.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            using var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync());
            problem.RootElement.GetProperty("status").GetInt32().ShouldBe(503);
            problem.RootElement.GetProperty("dependency").GetString().ShouldBe("database");
            problem.RootElement.GetProperty("title").GetString()!.ShouldContain("database");
        }
        // The session check fails closed without throwing, and the signed-in person gets a readable page, not a blank 500.
        var page = await portal.GetAsync("/");
        page.Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        page.Text.ShouldContain("Temporarily unavailable");
        page.Text.ShouldContain("database");
        using (var probe = app.CreateClient())
            (await probe.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK, "liveness does not depend on the database");

        await postgres.ResumeAsync();

        await Clusters.Eventually.TrueAsync(async () => (await api.GetAsync("/api/v1/namespaces")).StatusCode == HttpStatusCode.OK,
            "the API answers again once PostgreSQL is back");
        // The session survived the outage: the cookie was kept, not signed out.
        (await portal.GetAsync("/")).Status.ShouldBe(HttpStatusCode.OK);
    }
}
