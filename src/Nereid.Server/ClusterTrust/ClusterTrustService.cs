using Microsoft.Extensions.Options;
using Nereid.Domain.Errors;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using OpenIddict.Server;

namespace Nereid.Server.ClusterTrust;

/// <summary>
/// The <see cref="AuthenticationConfigSnippet"/> of a connected cluster, for platform admins: Nereid's issuer, the
/// cluster's OpenID client id as audience, and the claim mappings and prefixes the reconciler's RoleBindings assume
/// (the same per-cluster prefix <see cref="ClusterProjection"/> gives the projection).
/// </summary>
internal sealed class ClusterTrustService(
    IClusterConnections clusters, IOptions<List<ClusterOptions>> clusterOptions, IOptions<ProjectionOptions> projection,
    IOptions<ClusterTrustOptions> trust, IOptionsMonitor<OpenIddictServerOptions> provider)
{
    /// <summary>Throws <see cref="ForbiddenException"/> unless <paramref name="actor"/> is a platform admin, <see cref="NotFoundException"/> for an unknown cluster.</summary>
    public string Snippet(Actor actor, string cluster, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may read a cluster's authentication configuration.");
        return AuthenticationConfigSnippet.Render(Facts(cluster, request));
    }

    /// <summary>The facts of every connected cluster (the clusters page shows each snippet).</summary>
    public IEnumerable<(string Cluster, string Yaml)> All(HttpRequest request) =>
        clusters.Clusters.Select(c => (c.Name, AuthenticationConfigSnippet.Render(Facts(c.Name, request))));

    private ClusterTrustFacts Facts(string cluster, HttpRequest request)
    {
        var connected = clusters.Find(cluster) ?? throw new NotFoundException($"No cluster named '{cluster}' is connected.");
        var info = connected.Info;
        var usernamePrefix = ClusterProjection.For(projection.Value, clusterOptions.Value, cluster).UsernamePrefix;
        return new ClusterTrustFacts(cluster, IssuerUrl(request), info.OidcClientId, info.UsernameClaim, usernamePrefix,
            info.GroupsClaim, ClusterProjection.GroupsPrefix(clusterOptions.Value, cluster), trust.Value.IssuerCertificateAuthority);
    }

    private string IssuerUrl(HttpRequest request) => NereidIssuer.Url(provider.CurrentValue, request);
}
