using System.ComponentModel.DataAnnotations;
using OpenTelemetry.Exporter;

namespace Nereid.Server.Operations;

/// <summary>Where metrics and traces go besides <c>/metrics</c>. Section <c>Nereid:Telemetry</c>.</summary>
internal sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Nereid:Telemetry";

    /// <summary>The OTLP exporter of metrics and traces; off by default.</summary>
    public OtlpOptions Otlp { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Otlp.Enabled && Otlp.Endpoint is null)
            yield return new ValidationResult("Nereid:Telemetry:Otlp:Endpoint is required when Otlp:Enabled is true.", [nameof(Otlp)]);
        if (Otlp.Endpoint is { IsAbsoluteUri: false } or { Scheme: not ("http" or "https") })
            yield return new ValidationResult("Nereid:Telemetry:Otlp:Endpoint must be an absolute http or https URL.", [nameof(Otlp)]);
        foreach (var result in OtlpResults())
            yield return result;
    }

    private List<ValidationResult> OtlpResults()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Otlp, new ValidationContext(Otlp), results, validateAllProperties: true);
        return results;
    }

    /// <summary>OpenTelemetry protocol export. Section <c>Nereid:Telemetry:Otlp</c>.</summary>
    public sealed class OtlpOptions
    {
        /// <summary>Export metrics and traces over OTLP. Default <c>false</c> (metrics on <c>/metrics</c> only, no traces kept).</summary>
        public bool Enabled { get; set; }

        /// <summary>
        /// The collector's address, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c>
        /// (HTTP; <c>/v1/metrics</c> and <c>/v1/traces</c> are appended). Default none; required when enabled.
        /// </summary>
        public Uri? Endpoint { get; set; }

        /// <summary><c>Grpc</c> or <c>HttpProtobuf</c>. Default <c>Grpc</c>.</summary>
        [EnumDataType(typeof(OtlpExportProtocol))]
        public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;

        /// <summary>How often metrics are pushed. Default 60 seconds.</summary>
        [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
        public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Optional headers, e.g. <c>Authorization=Bearer …</c>, comma-separated as OTEL_EXPORTER_OTLP_HEADERS. Default none.</summary>
        public string? Headers { get; set; }
    }
}
