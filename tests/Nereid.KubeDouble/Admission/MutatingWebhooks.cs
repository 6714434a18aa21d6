using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nereid.KubeDouble.Apply;
using Nereid.KubeDouble.Auth;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Rbac;
using Nereid.KubeDouble.Server;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble.Admission;

/// <summary>
/// kube-apiserver's MutatingAdmissionWebhook plugin, for creates: every registered
/// <c>admissionregistration.k8s.io/v1</c> MutatingWebhookConfiguration (in name order, webhooks in listed order) whose
/// rules and selectors match gets an <c>admission.k8s.io/v1</c> AdmissionReview with the caller's userInfo (after
/// impersonation) and the object, over HTTPS trusting its <c>caBundle</c>; a <c>JSONPatch</c> answer is applied to the
/// object the next webhook sees. A call that fails (no answer, <c>timeoutSeconds</c> passed, a non-200 status, a bad
/// review or patch) is skipped under <c>failurePolicy: Ignore</c> and refuses the request with 500 under <c>Fail</c>
/// (the v1 default); <c>allowed: false</c> refuses it with the webhook's status (at least 400).
/// Simplified: only <c>clientConfig.url</c> (a <c>service</c> reference cannot be resolved here); no reinvocation,
/// no <c>matchPolicy: Equivalent</c> conversion, no <c>matchConditions</c>.
/// </summary>
public sealed partial class MutatingWebhooks(ObjectStore store, ResourceCatalog catalog, KubeDoubleOptions options, ILogger logger)
{
    public async Task<JsonObject> AdmitCreateAsync(ResourceInfo r, string? ns, JsonObject obj, UserInfo user, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(user);
        if (catalog.Find("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations") is not { } configs)
        {
            return obj;
        }
        var namespaceObject = r.Namespaced && ns is { Length: > 0 } ? store.Get(catalog.Find("", "v1", "namespaces")!, "", ns) : null;
        foreach (var (_, config) in store.List(configs, null).Items.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var webhook in (config["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (!WebhookMatch.Matches(webhook, r, "CREATE", obj, namespaceObject))
                {
                    continue;
                }
                var name = JsonIo.Str(webhook["name"]) ?? "";
                if (dryRun && JsonIo.Str(webhook["sideEffects"]) is not ("None" or "NoneOnDryRun"))
                {
                    throw Errors.BadRequest($"admission webhook \"{name}\" does not support dry run");
                }
                obj = await CallAsync(name, webhook, r, ns, obj, user, dryRun, ct);
            }
        }
        return obj;
    }

    private async Task<JsonObject> CallAsync(string name, JsonObject webhook, ResourceInfo r, string? ns, JsonObject obj, UserInfo user, bool dryRun, CancellationToken ct)
    {
        var uid = Guid.NewGuid().ToString();
        JsonObject response;
        JsonObject? patched = null;
        try
        {
            response = await SendAsync(webhook, AdmissionReview.Request(uid, r, ns, obj, user, dryRun), ct);
            if (JsonIo.Str(response["uid"]) != uid)
            {
                throw new WebhookCallException($"expected response.uid=\"{uid}\", got \"{JsonIo.Str(response["uid"])}\"");
            }
            if (response["allowed"]?.GetValue<bool>() == true)
            {
                patched = Patch(response, obj);
            }
        }
        catch (Exception e) when (e is WebhookCallException or HttpRequestException or System.Text.Json.JsonException or InvalidOperationException
            or FormatException or ApiException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            if (JsonIo.Str(webhook["failurePolicy"]) == "Ignore")
            {
                LogIgnored(logger, name, e.Message);
                return obj;
            }
            var detail = e is OperationCanceledException ? "context deadline exceeded" : e.Message;
            throw new ApiException(500, "InternalError", $"Internal error occurred: failed calling webhook \"{name}\": {detail}");
        }
        return patched ?? throw Denied(name, response["status"] as JsonObject);
    }

    private static ApiException Denied(string name, JsonObject? status)
    {
        var code = status?["code"]?.GetValue<int>() ?? 0;
        var message = JsonIo.Str(status?["message"]);
        return new ApiException(Math.Max(code, 400), JsonIo.Str(status?["reason"]) ?? "BadRequest",
            message is { Length: > 0 } ? $"admission webhook \"{name}\" denied the request: {message}" : $"admission webhook \"{name}\" denied the request without explanation");
    }

    private static JsonObject Patch(JsonObject response, JsonObject obj)
    {
        if (JsonIo.Str(response["patch"]) is not { Length: > 0 } patch)
        {
            return obj;
        }
        if (JsonIo.Str(response["patchType"]) != "JSONPatch")
        {
            throw new WebhookCallException($"unsupported patch type \"{JsonIo.Str(response["patchType"])}\"");
        }
        var ops = JsonNode.Parse(Convert.FromBase64String(patch)) as JsonArray ?? throw new WebhookCallException("the patch is not a JSON array");
        return Patches.JsonPatch(obj.DeepClone(), ops) as JsonObject ?? throw new WebhookCallException("the patched object is not an object");
    }

    private async Task<JsonObject> SendAsync(JsonObject webhook, JsonObject review, CancellationToken ct)
    {
        var client = webhook["clientConfig"] as JsonObject ?? throw new WebhookCallException("webhook has no clientConfig");
        if (JsonIo.Str(client["url"]) is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new WebhookCallException("only clientConfig.url is supported by the double (a service reference cannot be resolved)");
        }
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new WebhookCallException($"webhook URL must use https: {url}");
        }
        if (webhook["admissionReviewVersions"] is not JsonArray versions || !versions.Any(v => JsonIo.Str(v) == "v1"))
        {
            throw new WebhookCallException("webhook does not accept admission.k8s.io/v1 AdmissionReview");
        }
        var seconds = webhook["timeoutSeconds"]?.GetValue<int>() ?? 10;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 30)));
        using var http = new HttpClient(options.WebhookTransport ?? Transport(JsonIo.Str(client["caBundle"])), disposeHandler: options.WebhookTransport is null)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var answer = await http.PostAsync(uri, content, timeout.Token);
        if (!answer.IsSuccessStatusCode)
        {
            throw new WebhookCallException($"the server responded with status {(int)answer.StatusCode}");
        }
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync(timeout.Token)) as JsonObject ?? throw new WebhookCallException("the answer is not an AdmissionReview");
        if (JsonIo.Str(body["apiVersion"]) != "admission.k8s.io/v1" || JsonIo.Str(body["kind"]) != "AdmissionReview")
        {
            throw new WebhookCallException($"expected admission.k8s.io/v1 AdmissionReview, got {JsonIo.Str(body["apiVersion"])} {JsonIo.Str(body["kind"])}");
        }
        return body["response"] as JsonObject ?? throw new WebhookCallException("webhook response was absent");
    }

    /// <summary>TLS trusting the webhook's caBundle (PEM, base64 in the configuration), else the system roots; host name checked.</summary>
    private static SocketsHttpHandler Transport(string? caBundle)
    {
        var handler = new SocketsHttpHandler();
        if (caBundle is { Length: > 0 })
        {
            var ca = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(caBundle)));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                cert is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && CaTrust.Verify(ca, cert);
        }
        return handler;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed calling webhook {Webhook}, failing open (failurePolicy Ignore): {Reason}")]
    private static partial void LogIgnored(ILogger logger, string webhook, string reason);
}

/// <summary>A webhook call that did not produce a usable answer.</summary>
internal sealed class WebhookCallException(string message) : Exception(message);
