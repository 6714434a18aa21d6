using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nereid.Bench;
using Nereid.Bench.Load;
using Nereid.Bench.Scenarios;
using Nereid.TestSupport.Loopback;

namespace Nereid.TestSupport.Tests.Bench;

public class LoadGeneratorTests
{
    [Fact]
    public async Task RunAsync_BaselineServer_CountsRequestsAndBytes()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"name\":\"collab-00001\",\"institution\":\"Campus\"},", 50)));
        await using var server = await BaselineServer.StartAsync(body, "application/json", TestTimeout.Token);

        var result = await new LoadGenerator(TimeProvider.System).RunAsync(new LoadOptions
        {
            Target = new Uri(server.BaseAddress, "api/v1/namespaces"),
            Connections = 4,
            WarmUp = TimeSpan.FromMilliseconds(200),
            Duration = TimeSpan.FromMilliseconds(500),
        }, TestTimeout.Token);

        result.Requests.ShouldBeGreaterThan(0);
        result.Errors.ShouldBe(0);
        result.BytesReceived.ShouldBe(result.Requests * body.Length);
        result.Latency.Count.ShouldBe(result.Requests);
        result.RequestsPerSecond.ShouldBeGreaterThan(0);
        result.P50Milliseconds.ShouldBeLessThanOrEqualTo(result.P99Milliseconds);
    }

    [Fact]
    public async Task RunAsync_HeadersAndFailingStatus_SendsHeadersAndCountsErrors()
    {
        var authorizations = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var web = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext c) =>
        {
            authorizations.Add(c.Request.Headers.Authorization.ToString());
            return Results.StatusCode(503);
        }), cancellationToken: TestTimeout.Token);

        var result = await new LoadGenerator(TimeProvider.System).RunAsync(new LoadOptions
        {
            Target = web.BaseAddress,
            Connections = 2,
            WarmUp = TimeSpan.Zero,
            Duration = TimeSpan.FromMilliseconds(300),
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer abc" },
        }, TestTimeout.Token);

        result.Requests.ShouldBeGreaterThan(0);
        result.Errors.ShouldBe(result.Requests);
        authorizations.ShouldAllBe(a => a == "Bearer abc");
    }

    [Fact]
    public async Task Main_PendingAndUnknownScenarios_ReturnDocumentedExitCodes()
    {
        (await new PendingScenario("later", "a scenario still to come").RunAsync([], TestTimeout.Token)).ShouldBe(BenchProgram.NotImplementedExitCode);
        (await BenchProgram.Main(["no-such-scenario"])).ShouldBe(BenchProgram.UsageExitCode);
        ScenarioRegistry.Find("API-LIST").ShouldBeOfType<ApiListScenario>();
        ScenarioRegistry.All.Select(s => s.Name).ShouldBe(["api-list", "reconcile", "failover", "auth-token", "violations", "slurm", "idp", "session-options", "storage", "signin-timing", "federation"]);
    }

    [Fact]
    public void BenchArguments_Options_ParsedWithDefaults()
    {
        var args = new BenchArguments(["--ns", "42", "--duration", "1.5"]);

        args.Int("ns", 1).ShouldBe(42);
        args.Int("connections", 7).ShouldBe(7);
        args.Seconds("duration", TimeSpan.Zero).ShouldBe(TimeSpan.FromSeconds(1.5));
        Should.Throw<ArgumentException>(() => new BenchArguments(["ns", "1"]));
    }
}
