using OpenIddict.Server;

namespace Nereid.Server.ClusterTrust;

/// <summary>The issuer Nereid's own provider puts in its tokens, as trusting clusters and their kubeconfigs name it.</summary>
internal static class NereidIssuer
{
    /// <summary>Configured, or inferred from the request's host as OpenIddict infers it.</summary>
    public static string Url(OpenIddictServerOptions options, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        return (options.Issuer ?? new Uri(request.Scheme + Uri.SchemeDelimiter + request.Host + request.PathBase, UriKind.Absolute)).AbsoluteUri;
    }
}
