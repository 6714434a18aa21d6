using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nereid.KubeDouble.Auth;

namespace Nereid.KubeDouble.Tests.Admission;

/// <summary>
/// An admission webhook on loopback HTTPS (a certificate of its own CA) that records each AdmissionReview and answers
/// what <see cref="Answer"/> returns for it (default: allowed, no patch).
/// </summary>
public sealed class TestWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CertificateAuthority _ca;

    private TestWebhook(WebApplication app, CertificateAuthority ca)
    {
        _app = app;
        _ca = ca;
    }

    public string Url { get; private set; } = "";

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(ca.ServerCertificate)));
        var hook = new TestWebhook(builder.Build(), ca);
        hook._app.MapPost("/mutate", async (HttpContext http) =>
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
        });
        await hook._app.StartAsync();
        hook.Url = hook._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/mutate";
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
        await _app.DisposeAsync();
        _ca.Dispose();
    }
}
