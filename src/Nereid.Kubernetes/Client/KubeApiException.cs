using System.Net;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Client;

/// <summary>A non-success answer from the API server, with the parsed <c>metav1.Status</c> when there was one.</summary>
public class KubeApiException : Exception
{
    /// <summary>Creates the exception from a status code and (possibly synthesized) Status.</summary>
    public KubeApiException(HttpStatusCode statusCode, Status status, Exception? inner = null)
        : base(BuildMessage(statusCode, status), inner)
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusCode = statusCode;
        Status = status;
    }

    /// <summary>HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The Status body (reason, message, details.causes, retryAfterSeconds).</summary>
    public Status Status { get; }

    /// <summary>The machine-readable reason (<c>NotFound</c>, <c>Conflict</c>...), if any.</summary>
    public string? Reason => Status.Reason;

    /// <summary>Field-level causes (validation errors, apply conflicts).</summary>
    public IReadOnlyList<StatusCause> Causes => Status.Details?.Causes ?? [];

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
    public bool IsAlreadyExists => Reason == "AlreadyExists";
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict && !IsAlreadyExists;
    public bool IsInvalid => StatusCode == HttpStatusCode.UnprocessableEntity || Reason == "Invalid";
    public bool IsForbidden => StatusCode == HttpStatusCode.Forbidden;
    public bool IsUnauthorized => StatusCode == HttpStatusCode.Unauthorized;
    public bool IsGone => StatusCode == HttpStatusCode.Gone || Reason is "Expired" or "Gone";
    public bool IsTooManyRequests => (int)StatusCode == 429;

    private static string BuildMessage(HttpStatusCode code, Status status) =>
        $"Kubernetes API {(int)code} {status?.Reason ?? code.ToString()}: {status?.Message ?? "(no message)"}";
}

/// <summary>A watch was asked to resume from a version the server no longer keeps (410): relist, then watch again.</summary>
internal sealed class WatchExpiredException(Status status)
    : KubeApiException(HttpStatusCode.Gone, status);
