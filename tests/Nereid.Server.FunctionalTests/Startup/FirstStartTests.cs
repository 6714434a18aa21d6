using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Startup;

/// <summary>An installation's very first start: the suite's other hosts start on an already migrated copy.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task Start_EmptyDatabase_MigratesBecomesReadyAndLogsNoError()
    {
        var logs = new CapturedLogs();
        using var factory = NereidAppFactory.OnEmptyDatabase();
        using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = app.CreateClient();

        var ready = await client.GetAsync("/readyz");

        ready.StatusCode.ShouldBe(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        logs.Text.ShouldContain("Applying ");
        // Data Protection used to read its key ring before the migrations had created the table it lives in.
        logs.AtLeast(LogLevel.Error).ShouldBeEmpty();
    }
}
