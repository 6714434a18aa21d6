using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Nereid.Server.Storage.S3;

/// <summary>What Ceph's object gateway counts for one user: bytes stored and objects.</summary>
internal sealed record S3Usage(long UsedBytes, long Objects);

/// <summary>
/// Reads a user's usage from Ceph's object gateway admin operations API (<c>GET /admin/user?uid=&lt;uid&gt;&amp;stats=true</c>,
/// answered with <c>stats.size</c> and <c>stats.num_objects</c>), signed with Signature Version 4 by an admin user with
/// <c>users=read</c>. Rook publishes no usage in any custom resource status, so this is the one source. Null when no admin
/// endpoint is configured or the gateway cannot answer (the page says usage is unknown rather than zero).
/// </summary>
internal sealed partial class RgwAdminClient(HttpClient http, IOptions<ObjectStoreOptions> options, TimeProvider time, ILogger<RgwAdminClient> logger)
{
    /// <summary>The usage of gateway user <paramref name="uid"/> (Rook names the Ceph user after the CephObjectStoreUser).</summary>
    public async Task<S3Usage?> UsageAsync(string uid, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        var store = options.Value;
        if (string.IsNullOrWhiteSpace(store.AdminEndpoint))
            return null;
        var uri = new Uri(new Uri(store.AdminEndpoint.TrimEnd('/') + "/"), $"admin/user?uid={Uri.EscapeDataString(uid)}&stats=true");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-date"] = SigV4.AmzDate(time.GetUtcNow()),
            ["x-amz-content-sha256"] = SigV4.EmptyPayloadHash,
        };
        request.Headers.TryAddWithoutValidation("x-amz-date", headers["x-amz-date"]);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", headers["x-amz-content-sha256"]);
        request.Headers.TryAddWithoutValidation("Authorization",
            SigV4.Authorization("GET", uri, headers, store.AdminRegion, store.AdminAccessKey ?? "", store.AdminSecretKey ?? ""));
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return null; // NoSuchUser: Rook has not created the Ceph user yet.
            if (!response.IsSuccessStatusCode)
            {
                LogFailed(logger, uid, $"HTTP {(int)response.StatusCode}");
                return null;
            }
            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            if (!body.RootElement.TryGetProperty("stats", out var stats))
                return null;
            return new S3Usage(stats.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
                stats.TryGetProperty("num_objects", out var objects) ? objects.GetInt64() : 0);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or FormatException
            || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            LogFailed(logger, uid, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The object gateway gave no usage for user {User}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string user, string reason);
}
