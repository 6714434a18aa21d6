using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nereid.Server.Admission;

/// <summary>
/// <c>POST /admission/created-by</c>: the mutating admission webhook kube-apiserver calls (deploy/admission-webhook.yaml)
/// with an <c>admission.k8s.io/v1</c> AdmissionReview; the answer is the same review with a <c>response</c> from
/// <see cref="CreatedByStamp"/>. Anonymous, as the apiserver presents no credentials by default: the answer is a pure
/// function of the request, changes nothing in Nereid, and so needs none. TLS is the deployment's (see deploy/README.md).
/// </summary>
internal static class AdmissionEndpoints
{
    public const string CreatedByPath = "/admission/created-by";

    public static IEndpointRouteBuilder MapAdmission(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(CreatedByPath, async (HttpContext http, CancellationToken ct) =>
        {
            JsonObject? review;
            try
            {
                review = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct) as JsonObject;
            }
            catch (JsonException)
            {
                review = null;
            }
            if (review is null || review["apiVersion"]?.ToString() != "admission.k8s.io/v1" || review["kind"]?.ToString() != "AdmissionReview"
                || review["request"] is not JsonObject request)
            {
                return Results.BadRequest("expected an admission.k8s.io/v1 AdmissionReview with a request");
            }
            return Results.Json(new JsonObject
            {
                ["apiVersion"] = "admission.k8s.io/v1",
                ["kind"] = "AdmissionReview",
                ["response"] = CreatedByStamp.Decide(request),
            });
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
