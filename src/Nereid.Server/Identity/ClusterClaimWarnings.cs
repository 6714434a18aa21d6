using Nereid.Identity.Oidc;
using Nereid.Server.Clusters;

namespace Nereid.Server.Identity;

/// <summary>A claim a cluster maps that the kubeconfig issuer's ID tokens were seen without, and what that breaks.</summary>
internal sealed record ClusterClaimWarning(string Cluster, string Claim, string Setting, string Consequence, ObservedIdTokenClaims Observed);

/// <summary>
/// Compares what each cluster's API servers map (user name and groups claims) with the claims ID tokens of the
/// kubeconfig issuer were last seen with. Nothing is reported before such a token was seen: absence of evidence is
/// not a problem to show.
/// </summary>
internal sealed class ClusterClaimWarnings(KubeconfigService kubeconfigs, IdTokenClaimObservations observations)
{
    /// <summary>Warnings for every connected cluster, in cluster order.</summary>
    public IReadOnlyList<ClusterClaimWarning> All()
    {
        if (kubeconfigs.Issuer is not { } issuer)
        {
            return [];
        }
        var warnings = new List<ClusterClaimWarning>();
        foreach (var cluster in kubeconfigs.Clusters)
        {
            warnings.AddRange(For(cluster.Name, cluster.Info, observations.Find(issuer, cluster.Info.OidcClientId)));
        }
        return warnings;
    }

    /// <summary>The warnings for one cluster given one observation (null: nothing seen yet, nothing to say).</summary>
    public static IEnumerable<ClusterClaimWarning> For(string cluster, ClusterPublicInfo info, ObservedIdTokenClaims? observed)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (observed is null)
        {
            yield break;
        }
        if (!observed.ClaimNames.Contains(info.UsernameClaim))
        {
            yield return new ClusterClaimWarning(cluster, info.UsernameClaim, "UsernameClaim",
                "the cluster cannot name the user, so it refuses kubectl with these tokens (401)", observed);
        }
        if (!string.IsNullOrEmpty(info.GroupsClaim) && !observed.ClaimNames.Contains(info.GroupsClaim))
        {
            yield return new ClusterClaimWarning(cluster, info.GroupsClaim, "GroupsClaim",
                "the cluster sees no groups, so RoleBindings to groups do not apply (per-person bindings still do)", observed);
        }
    }
}
