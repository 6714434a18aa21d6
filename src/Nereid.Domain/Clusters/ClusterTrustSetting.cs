namespace Nereid.Domain.Clusters;

/// <summary>
/// Whether a connected cluster's API servers trust Nereid's issuer (they were given its AuthenticationConfiguration).
/// When they do, the reconciler binds each namespace's groups instead of one subject per person, and kubeconfigs for the
/// cluster get their tokens from Nereid. No row means not trusting. Changes go through <see cref="Set"/>.
/// </summary>
public sealed class ClusterTrustSetting
{
    /// <summary>Longest cluster name (a DNS label, as clusters are configured).</summary>
    public const int MaxClusterLength = 63;

    /// <summary>The cluster's name in Nereid (primary key).</summary>
    public string Cluster { get; private init; } = "";

    /// <summary>True while the cluster's API servers accept tokens issued by Nereid.</summary>
    public bool TrustsNereid { get; private set; }

    /// <summary>Bumped on every change: the ETag for If-Match, the concurrency token, and how reconcilers notice a change.</summary>
    public int Version { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>The first setting of <paramref name="cluster"/>.</summary>
    public static ClusterTrustSetting Create(string cluster, bool trustsNereid, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        var setting = new ClusterTrustSetting { Cluster = cluster };
        setting.Set(trustsNereid, now);
        return setting;
    }

    /// <summary>Records whether the cluster trusts Nereid and bumps <see cref="Version"/>.</summary>
    public void Set(bool trustsNereid, DateTime now)
    {
        TrustsNereid = trustsNereid;
        Version++;
        UpdatedAt = now;
    }
}
