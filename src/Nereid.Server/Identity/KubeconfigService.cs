using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Identity.Kubeconfig;
using Nereid.Identity.Oidc;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Identity;

/// <summary>Builds a person's kubeconfig for one connected cluster (exec plugin, no secrets).</summary>
internal sealed class KubeconfigService(NereidDbContext db, IClusterConnections clusters, IOptions<ServerIdentityOptions> options,
    IOptions<NereidOidcOptions> oidc)
{
    /// <summary>Why guests get no kubeconfig.</summary>
    public const string GuestMessage = "Guests cannot use the clusters. Ask for promotion to the user tier on your profile page; once a platform admin approves it you can download a kubeconfig.";

    /// <summary>The issuer the kubeconfigs name: <see cref="ServerIdentityOptions.KubeconfigIssuer"/> or the first configured issuer.</summary>
    public string? Issuer => options.Value.KubeconfigIssuer is { Length: > 0 } configured ? configured
        : oidc.Value.Issuers.FirstOrDefault()?.NormalizedAuthority;

    /// <summary>The connected clusters, by name.</summary>
    public IReadOnlyList<ConnectedCluster> Clusters => clusters.Clusters.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The kubeconfig YAML; throws <see cref="ForbiddenException"/> for guests and <see cref="NotFoundException"/> for unknown clusters.
    /// <paramref name="cliDownloadPage"/> (the portal's Get config page) is named in the install hint. A cluster that trusts
    /// Nereid's issuer gets its tokens from <paramref name="nereidIssuer"/> (with the cluster's client id) instead of the upstream IdP.
    /// </summary>
    public async Task<string> BuildAsync(Actor actor, string clusterName, KubeconfigVariant variant, CancellationToken ct, string? cliDownloadPage = null,
        string? nereidIssuer = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clusterName);
        if (!actor.AtLeast(Tier.User))
            throw new ForbiddenException(GuestMessage);
        var cluster = clusters.Find(clusterName) ?? throw new NotFoundException($"No cluster named '{clusterName}' is connected.");
        var trusting = nereidIssuer is not null
            && await db.ClusterTrustSettings.AsNoTracking().AnyAsync(t => t.Cluster == cluster.Name && t.TrustsNereid, ct);
        var issuer = (trusting ? nereidIssuer : Issuer) ?? throw new ConflictException("No OIDC issuer is configured, so clusters cannot authenticate you with a kubeconfig yet.");
        var defaultNamespace = await db.EffectiveMembershipsOf(actor.PersonId).AsNoTracking()
            .Select(m => m.Namespace!.Name).OrderBy(n => n).FirstOrDefaultAsync(ct);
        return KubeconfigBuilder.Build(new KubeconfigRequest(cluster.Name, cluster.Info.ApiServerUrl, cluster.Info.CertificateAuthorityPem,
            issuer, cluster.Info.OidcClientId, defaultNamespace, Variant: variant) { CliDownloadPage = cliDownloadPage });
    }
}
