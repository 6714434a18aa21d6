using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble;

/// <summary>Options of <see cref="KubeApiDouble"/>.</summary>
public sealed class KubeDoubleOptions
{
    /// <summary>The default admin bearer token (user <c>admin</c>, group <c>system:masters</c>).</summary>
    public const string DefaultAdminToken = "nereid-double-admin-token";

    /// <summary>Listen address. Default 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port; 0 (default) picks a free one, reported by <see cref="KubeApiDouble.BaseAddress"/>.</summary>
    public int Port { get; set; }

    /// <summary>Bearer token → user. Default: <see cref="DefaultAdminToken"/> → admin in <c>system:masters</c>.</summary>
    public Dictionary<string, UserInfo> Users { get; set; } = new()
    {
        [DefaultAdminToken] = new UserInfo("admin", ["system:masters"]),
    };

    /// <summary>Optional hook consulted for tokens not in <see cref="Users"/> (e.g. to validate OIDC JWTs). Default null.</summary>
    public Func<string, UserInfo?>? Authenticator { get; set; }

    /// <summary>
    /// Structured authentication configuration (<c>apiserver.config.k8s.io/v1</c> <c>AuthenticationConfiguration</c>,
    /// as kube-apiserver's <c>--authentication-config</c>): a file path or the YAML text. Bearer JWTs from its issuers
    /// are verified and mapped to users and groups (see Auth/JwtAuthenticator). Default none.
    /// </summary>
    public string? AuthenticationConfiguration { get; set; }

    /// <summary>Validate objects against the OpenAPI schemas. Default true.</summary>
    public bool ValidateSchemas { get; set; } = true;

    /// <summary>Authorize requests with RBAC (<c>system:masters</c> bypasses). Default true.</summary>
    public bool EnforceRbac { get; set; } = true;

    /// <summary>Objects created at start (after the bootstrap RBAC policy and default namespaces). Default none.</summary>
    public List<JsonObject> SeedObjects { get; set; } = [];

    /// <summary>
    /// CustomResourceDefinitions (apiextensions.k8s.io/v1) served from the start, stored before <see cref="SeedObjects"/>
    /// (so seeds may be custom resources): each entry is a YAML/JSON file, a folder of them, or the YAML text itself,
    /// e.g. <c>../shared/reference/rook</c>. Default none.
    /// </summary>
    public List<string> CustomResourceDefinitions { get; set; } = [];

    /// <summary>
    /// Bind and resize PersistentVolumeClaims as a cluster with a working provisioner does (see Volumes/). Default true.
    /// </summary>
    public bool ProvisionVolumes { get; set; } = true;

    /// <summary>
    /// Write ResourceQuota <c>status.hard</c> and <c>status.used</c> (claim usage) as the resource quota controller does
    /// (see Quota/QuotaStatusController). Default false: each status write is a change every watcher of quotas sees.
    /// </summary>
    public bool WriteQuotaStatus { get; set; }

    /// <summary>Number of events kept for watch resumption and continue tokens. Default 10,000.</summary>
    public int WatchHistorySize { get; set; } = 10_000;

    /// <summary>Record every request in <see cref="KubeApiDouble.RequestLog"/>. Default true.</summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>Delay (real time) before the namespace "controller" empties a terminating namespace. Default 100 ms.</summary>
    public TimeSpan NamespaceFinalizeDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Clock for timestamps and injected latency (not the namespace controller's pacing). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logger factory; default none (silent).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Transport for admission webhook calls instead of HTTPS to <c>clientConfig.url</c> trusting its <c>caBundle</c>
    /// (e.g. an in-memory test server's handler; the URL must still be https). Read at each call. Default null.
    /// </summary>
    public HttpMessageHandler? WebhookTransport { get; set; }

    /// <summary>Seed of the fault injector's random choices. Default 42.</summary>
    public int FaultSeed { get; set; } = 42;
}
