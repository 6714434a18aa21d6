using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Server;

/// <summary>
/// A failure the double answers with a <c>metav1.Status</c> body (SEMANTICS.md §3).
/// Thrown anywhere in request handling and rendered in one place.
/// </summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    /// <summary>HTTP status code, also written to <c>code</c> in the body.</summary>
    public int Code { get; } = code;

    /// <summary>Machine-readable reason such as <c>NotFound</c>.</summary>
    public string Reason { get; } = reason;

    /// <summary>The optional <c>details</c> object.</summary>
    public JsonObject? Details { get; } = details;

    /// <summary>Extra response headers (e.g. Retry-After).</summary>
    public Dictionary<string, string> Headers { get; } = [];

    /// <summary>Renders the Status body.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
        };
        // metav1.Status omits an empty reason (StatusReasonUnknown), as for errors the apiserver did not classify.
        if (Reason.Length > 0)
        {
            status["reason"] = Reason;
        }
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }
        status["code"] = Code;
        return status;
    }
}
