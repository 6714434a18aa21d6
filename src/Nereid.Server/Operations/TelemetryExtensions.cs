using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Nereid.Server.Operations;

/// <summary>
/// OpenTelemetry: every <c>Nereid.*</c> meter plus ASP.NET Core, HttpClient, runtime and EF Core instrumentation,
/// served on <c>/metrics</c> by the Prometheus exporter, and pushed with traces over OTLP when configured.
/// </summary>
internal static class TelemetryExtensions
{
    /// <summary>Meters exported besides the instrumentation packages' own; a wildcard, so new Nereid meters need no change here.</summary>
    internal const string NereidMeters = "Nereid.*";

    public static IHostApplicationBuilder AddNereidTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Read once here: exporters are fixed when the providers are built. An unusable endpoint adds no exporter; ValidateOnStart rejects it.
        var otlp = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()?.Otlp ?? new();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("nereid-server"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(NereidMeters)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Microsoft.EntityFrameworkCore") // EF Core's own meter; its instrumentation package adds spans only
                    .AddView(MetricViews.Select)
                    .AddPrometheusExporter(o =>
                    {
                        // As the hand-written exporter was: fresh on every scrape, and no otel_scope_* labels added to existing series.
                        o.ScrapeResponseCacheDurationMilliseconds = 0;
                        o.ScopeInfoEnabled = false;
                    });
                if (otlp is { Enabled: true, Endpoint: { IsAbsoluteUri: true, Scheme: "http" or "https" } endpoint })
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Configure(exporter, otlp, endpoint, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)otlp.MetricsInterval.TotalMilliseconds;
                    });
            });
        if (otlp is { Enabled: true, Endpoint: { IsAbsoluteUri: true, Scheme: "http" or "https" } traceEndpoint })
        {
            // Traces have no sink but OTLP, so they are only collected when it is on.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter(exporter => Configure(exporter, otlp, traceEndpoint, "v1/traces")));
        }
        return builder;
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions.OtlpOptions otlp, Uri endpoint, string signalPath)
    {
        exporter.Protocol = otlp.Protocol;
        // Set in code, the HTTP exporter posts to the endpoint exactly as given; the OTLP convention appends the signal path.
        exporter.Endpoint = otlp.Protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath) : endpoint;
        if (otlp.Headers is { Length: > 0 } headers)
            exporter.Headers = headers;
    }
}
