using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Models;

/// <summary>The <c>metav1.Status</c> body of every API error (and of some deletes).</summary>
public sealed class Status
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    /// <summary>"Success" or "Failure".</summary>
    [JsonPropertyName("status")]
    public string? Outcome { get; set; }
    public string? Message { get; set; }
    public string? Reason { get; set; }
    public StatusDetails? Details { get; set; }
    public int? Code { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Which object a <see cref="Status"/> is about and why (field causes, retry hint).</summary>
public sealed class StatusDetails
{
    public string? Name { get; set; }
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string? Uid { get; set; }
    public List<StatusCause>? Causes { get; set; }
    public int? RetryAfterSeconds { get; set; }
}

/// <summary>One reason a request failed, usually a field path with a validation reason.</summary>
public sealed class StatusCause
{
    public string? Reason { get; set; }
    public string? Message { get; set; }
    public string? Field { get; set; }
}
