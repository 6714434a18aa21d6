using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nereid.Server.Storage.S3;
using Nereid.TestSupport.Loopback;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// TEST-ONLY STAND-IN for Ceph's object gateway admin operations API — not Ceph, and nothing Nereid ships. It answers
/// only <c>GET /admin/user?uid=&lt;uid&gt;&amp;stats=true</c> in the documented shape (<c>user_id</c>, <c>display_name</c>,
/// <c>stats.size</c>, <c>stats.size_actual</c>, <c>stats.size_kb</c>, <c>stats.num_objects</c>), 404 <c>NoSuchUser</c> for an
/// unknown user, and 403 <c>SignatureDoesNotMatch</c> unless the request carries a Signature Version 4 header that
/// recomputes equal with the admin keys it was given. Usage is what the test sets.
/// </summary>
internal sealed class RgwAdminStandIn : IAsyncDisposable
{
    public const string AccessKey = "RGWADMINSTANDIN0001";
    public const string SecretKey = "rgw-admin-stand-in-secret-key-0000000000";
    private readonly ConcurrentDictionary<string, (long Bytes, long Objects)> _usage = new(StringComparer.Ordinal);
    private LoopbackServer _server = null!;
    private int _refused;

    private RgwAdminStandIn()
    {
    }

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Requests refused for a missing or wrong signature.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public void SetUsage(string uid, long bytes, long objects) => _usage[uid] = (bytes, objects);

    public static async Task<RgwAdminStandIn> StartAsync()
    {
        var standIn = new RgwAdminStandIn();
        standIn._server = await LoopbackServer.StartAsync(app => app.MapGet("/admin/user", standIn.Answer));
        return standIn;
    }

    private IResult Answer(HttpContext http)
    {
        var request = http.Request;
        var date = request.Headers["x-amz-date"].ToString();
        var payload = request.Headers["x-amz-content-sha256"].ToString();
        var uri = new Uri($"http://{request.Host}{request.Path}{request.QueryString}");
        var expected = SigV4.Authorization("GET", uri, new Dictionary<string, string>
        {
            ["host"] = request.Host.ToString(), ["x-amz-date"] = date, ["x-amz-content-sha256"] = payload,
        }, "us-east-1", AccessKey, SecretKey);
        if (date.Length < 8 || request.Headers.Authorization.ToString() != expected)
        {
            Interlocked.Increment(ref _refused);
            return Results.Json(new JsonObject { ["Code"] = "SignatureDoesNotMatch" }, statusCode: StatusCodes.Status403Forbidden);
        }
        var uid = request.Query["uid"].ToString();
        if (!_usage.TryGetValue(uid, out var usage))
            return Results.Json(new JsonObject { ["Code"] = "NoSuchUser" }, statusCode: StatusCodes.Status404NotFound);
        return Results.Json(new JsonObject
        {
            ["user_id"] = uid,
            ["display_name"] = uid,
            ["suspended"] = 0,
            ["max_buckets"] = 100,
            ["stats"] = new JsonObject
            {
                ["size"] = usage.Bytes,
                ["size_actual"] = (usage.Bytes + 4095) / 4096 * 4096,
                ["size_kb"] = (usage.Bytes + 1023) / 1024,
                ["num_objects"] = usage.Objects,
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
    }
}
