using System.Globalization;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Auth;

namespace Nereid.KubeDouble.Server;

public sealed partial class ApiHandler
{
    private const long MinTokenSeconds = 600;
    private const long MaxTokenSeconds = 1L << 32;
    private const long DefaultTokenSeconds = 3600;

    private readonly ServiceAccountTokens _tokens = new();

    /// <summary>
    /// <c>POST .../serviceaccounts/{name}/token</c> (authentication.k8s.io/v1 TokenRequest): 201 with
    /// <c>status.token</c> and <c>status.expirationTimestamp</c>; audiences default to the API server's;
    /// expirationSeconds defaults to 3600 and must lie between 600 and 2^32 (422 otherwise); 404 for a missing ServiceAccount.
    /// </summary>
    private async Task TokenRequestAsync(ApiRequest request, CancellationToken ct)
    {
        var sa = _store.Get(request.Resource, request.Namespace ?? "", request.Name!) ?? throw Errors.NotFound(request.Resource, request.Name!);
        var body = request.Body.Length == 0 ? new JsonObject() : JsonIo.ParseObject(request.Body);
        if (JsonIo.Str(body["kind"]) is { Length: > 0 } kind && kind != "TokenRequest")
        {
            throw Errors.BadRequest($"expected TokenRequest, got {kind}");
        }
        var spec = body["spec"] as JsonObject ?? new JsonObject();
        var seconds = spec["expirationSeconds"] is JsonValue v && v.TryGetValue<long>(out var s) ? s : DefaultTokenSeconds;
        if (seconds < MinTokenSeconds || seconds > MaxTokenSeconds)
        {
            var why = seconds < MinTokenSeconds ? "may not specify a duration less than 10 minutes" : "may not specify a duration larger than 2^32 seconds";
            throw new ApiException(422, "Invalid", $"TokenRequest.authentication.k8s.io \"{request.Name}\" is invalid: spec.expirationSeconds: Invalid value: {seconds}: {why}",
                new JsonObject
                {
                    ["name"] = request.Name, ["group"] = "authentication.k8s.io", ["kind"] = "TokenRequest",
                    ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = $"Invalid value: {seconds}: {why}", ["field"] = "spec.expirationSeconds" }),
                });
        }
        var audiences = (spec["audiences"] as JsonArray)?.Select(a => JsonIo.Str(a) ?? "").Where(a => a.Length > 0).ToList() ?? [];
        if (audiences.Count == 0)
        {
            audiences = [ServiceAccountTokens.ApiAudience];
        }
        var expires = Now + TimeSpan.FromSeconds(seconds);
        // Whole seconds, as the apiserver reports them.
        expires = expires.AddTicks(-(expires.Ticks % TimeSpan.TicksPerSecond));
        var uid = JsonIo.Str(sa["metadata"]?["uid"]) ?? "";
        var token = _tokens.Issue(request.Namespace!, request.Name!, uid, audiences, expires);
        var response = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = request.Name, ["namespace"] = request.Namespace, ["creationTimestamp"] = null },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
                ["expirationSeconds"] = seconds,
                ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
            },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
        };
        await JsonIo.WriteAsync(request.Http, 201, response, ct);
    }

    /// <summary>The user a TokenRequest token stands for; (null, false) when the token is not one.</summary>
    private (Rbac.UserInfo? User, bool Known) AuthenticateServiceAccountToken(string token) =>
        _tokens.Authenticate(token, Now, (ns, name) =>
            _catalog.Find("", "v1", "serviceaccounts") is { } r ? JsonIo.Str(_store.Get(r, ns, name)?["metadata"]?["uid"]) : null);
}
