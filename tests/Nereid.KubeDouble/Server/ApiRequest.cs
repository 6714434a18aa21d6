using Microsoft.AspNetCore.Http;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Server;

/// <summary>A parsed resource request: which resource, scope, name and subresource, and the Kubernetes verb.</summary>
public sealed class ApiRequest
{
    public required HttpContext Http { get; init; }
    public required ResourceInfo Resource { get; init; }
    /// <summary>Namespace from the URL; null for cluster-scoped or all-namespaces requests.</summary>
    public string? Namespace { get; init; }
    public string? Name { get; init; }
    public string? Subresource { get; init; }
    public required string Verb { get; set; }
    public required UserInfo User { get; init; }
    public byte[] Body { get; init; } = [];

    public string? Query(string key) => Http.Request.Query.TryGetValue(key, out var v) ? v.ToString() : null;

    public bool QueryFlag(string key) => Query(key) is "1" or "true" or "True";

    /// <summary>dryRun=All: everything is computed and answered, nothing is stored. Set from the validated options.</summary>
    public bool DryRun { get; set; }

    /// <summary>Every <c>dryRun</c> query value (the parameter may repeat).</summary>
    public IEnumerable<string?> DryRunValues => Http.Request.Query.TryGetValue("dryRun", out var v) ? v : [];

    /// <summary>The field manager: explicit query value, else the user-agent's product name (as the apiserver does).</summary>
    public string FieldManager
    {
        get
        {
            if (Query("fieldManager") is { Length: > 0 } m)
            {
                return m;
            }
            var ua = Http.Request.Headers.UserAgent.ToString();
            var slash = ua.IndexOf('/');
            return ua.Length == 0 ? "unknown" : slash > 0 ? ua[..slash] : ua;
        }
    }
}
