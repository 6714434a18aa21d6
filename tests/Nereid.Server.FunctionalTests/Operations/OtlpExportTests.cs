using Microsoft.Extensions.Options;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Operations;

/// <summary>The OTLP exporter: off unless configured, validated at start, and when on it pushes metrics and traces.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Otlp_EnabledOverHttp_PushesMetricsAndTracesToTheCollector()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var app = new NereidAppFactory()
            .With("Nereid:Telemetry:Otlp:Enabled", "true")
            .With("Nereid:Telemetry:Otlp:Endpoint", collector.BaseAddress.ToString())
            .With("Nereid:Telemetry:Otlp:Protocol", "HttpProtobuf")
            .With("Nereid:Telemetry:Otlp:MetricsInterval", "00:00:01");
        using var client = app.CreateClient();

        (await client.GetAsync("/api/v1/namespaces")).EnsureSuccessStatusCode();

        (await collector.WaitForAsync("/v1/metrics", TimeSpan.FromSeconds(30))).ShouldBeTrue();
        (await collector.WaitForAsync("/v1/traces", TimeSpan.FromSeconds(30))).ShouldBeTrue();
        collector.Exports.ShouldAllBe(e => e.ContentType == "application/x-protobuf");
    }

    [Fact]
    public async Task Otlp_DefaultConfiguration_ExportsNothingAndMetricsStillServed()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var app = new NereidAppFactory().With("Nereid:Telemetry:Otlp:Endpoint", collector.BaseAddress.ToString());
        using var client = app.CreateClient();

        (await client.GetAsync("/api/v1/namespaces")).EnsureSuccessStatusCode();

        (await client.GetStringAsync("/metrics")).ShouldContain("http_server_request_duration_seconds_bucket{");
        (await collector.WaitForAsync("/v1/traces", TimeSpan.FromSeconds(2))).ShouldBeFalse();
        collector.Exports.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, "Endpoint is required")]
    [InlineData("otel-collector:4317", "absolute http or https")]
    public async Task Otlp_EnabledWithBadEndpoint_FailsAtStart(string? endpoint, string message)
    {
        await using var app = new NereidAppFactory().With("Nereid:Telemetry:Otlp:Enabled", "true").With("Nereid:Telemetry:Otlp:Endpoint", endpoint);

        var error = Should.Throw<OptionsValidationException>(() => app.CreateClient());

        error.Message.ShouldContain(message);
    }
}
