using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nereid.KubeDouble.Auth;
using Nereid.TestSupport.Loopback;

namespace Nereid.KubeDouble.Tests.Admission;

/// <summary>
/// An admission webhook on loopback HTTPS (a certificate of its own CA) that records each AdmissionReview and answers
/// what <see cref="Answer"/> returns for it (default: allowed, no patch).
/// </summary>
public sealed class TestWebhook : IAsyncDisposable
{
    private readonly CertificateAuthority _ca;
    private LoopbackServer _server = null!;

    private TestWebhook(CertificateAuthority ca) => _ca = ca;

    public string Url => _server.Url + "/mutate";

    /// <summary>The caBundle field for a webhook configuration: this server's CA, PEM, base64.</summary>
    public string CaBundle => Convert.ToBase64String(Encoding.UTF8.GetBytes(_ca.CaCertificatePem));

    public ConcurrentQueue<JsonObject> Reviews { get; } = new();

    /// <summary>Builds the response object for a review's request (uid is filled in when absent).</summary>
    public Func<JsonObject, JsonObject> Answer { get; set; } = _ => new JsonObject { ["allowed"] = true };

    /// <summary>How long to wait before answering (to exceed timeoutSeconds).</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<TestWebhook> StartAsync()
    {
        var ca = CertificateAuthority.Create(DateTimeOffset.UtcNow);
        var hook = new TestWebhook(ca);
        hook._server = await LoopbackServer.StartAsync(app => app.MapPost("/mutate", async (HttpContext http) =>
        {
            var review = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            hook.Reviews.Enqueue(review);
            if (hook.Delay > TimeSpan.Zero)
            {
                await Task.Delay(hook.Delay, http.RequestAborted);
            }
            var request = review["request"]!.AsObject();
            var response = hook.Answer(request);
            response["uid"] ??= request["uid"]!.GetValue<string>();
            return Results.Json(new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response });
        }), ca.ServerCertificate);
        return hook;
    }

    /// <summary>A JSONPatch answer, base64 as the review's <c>patch</c> field carries it.</summary>
    public static JsonObject Patch(string jsonPatch) => new()
    {
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(jsonPatch)),
    };

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _ca.Dispose();
    }
}
