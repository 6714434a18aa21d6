using Nereid.Domain.Errors;
using Nereid.Identity.Kubeconfig;
using Microsoft.Extensions.Options;
using Nereid.Server.Api;
using Nereid.Server.ClusterTrust;
using OpenIddict.Server;

namespace Nereid.Server.Identity;

/// <summary><c>GET /api/v1/clusters/{name}/kubeconfig?variant=exec|kubelogin</c>.</summary>
internal static class KubeconfigApi
{
    public const string YamlContentType = "application/yaml";

    public static RouteGroupBuilder MapKubeconfigApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/clusters/{name}/kubeconfig", async (string name, string? variant, HttpContext http, KubeconfigService svc,
            IOptionsMonitor<OpenIddictServerOptions> provider, CancellationToken ct) =>
        {
            var page = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/config";
            var yaml = await svc.BuildAsync(http.RequireActor(), name, ParseVariant(variant), ct, page, NereidIssuer.Url(provider.CurrentValue, http.Request));
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.kubeconfig\"";
            return Results.Text(yaml, YamlContentType);
        }).WithTags("Clusters").RequireAuthorization().SignedInProblems().Problems(400, 404, 409);
        return api;
    }

    /// <summary><c>exec</c> (default, the nereid CLI) or <c>kubelogin</c>.</summary>
    public static KubeconfigVariant ParseVariant(string? variant) => variant?.ToLowerInvariant() switch
    {
        null or "" or "exec" => KubeconfigVariant.Exec,
        "kubelogin" => KubeconfigVariant.Kubelogin,
        _ => throw ValidationFailedException.For("variant", "variant must be 'exec' or 'kubelogin'."),
    };
}
