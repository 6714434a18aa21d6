namespace Nereid.Kubernetes.Projection;

/// <summary>
/// Everything the projection needs to know about one Nereid namespace, read from the database at one moment.
/// Plain values only, so the projection stays a pure function that is easy to test.
/// </summary>
/// <param name="Name">The namespace name (a DNS-1123 label).</param>
/// <param name="Institution">The owning institution (free text; slugged into a label).</param>
/// <param name="Pis">Principal investigators.</param>
/// <param name="Description">Markdown description (truncated in the annotation).</param>
/// <param name="Grants">Grant numbers.</param>
/// <param name="Members">Members with their role and the email their cluster identity is derived from.</param>
/// <param name="QuotaOverrides">Configured per-namespace quota values that replace or extend the defaults (resource → quantity).</param>
/// <param name="StoredQuota">Quota values a platform admin stored for this namespace; they win over both the defaults and the configured ones.</param>
/// <param name="MemberGroupsPrefix">Set when the cluster trusts Nereid's issuer: the prefix its API servers give the <c>groups</c> claim, and the RoleBindings name the namespace's groups (<c>&lt;prefix&gt;ns:&lt;name&gt;</c>, <c>…:admin</c>) instead of each member; null binds each member as a User.</param>
/// <param name="FeatureLabels">Labels other features ask the Namespace to carry (Admiralty's <c>multicluster-scheduler=enabled</c> while it is federated); a label not asked for any more is removed by the next apply.</param>
public sealed record NamespaceSnapshot(
    string Name,
    string Institution,
    IReadOnlyList<string> Pis,
    string Description,
    IReadOnlyList<string> Grants,
    IReadOnlyList<MemberSnapshot> Members,
    IReadOnlyDictionary<string, string>? QuotaOverrides = null,
    IReadOnlyDictionary<string, string>? StoredQuota = null,
    IReadOnlyDictionary<string, string>? FeatureLabels = null,
    string? MemberGroupsPrefix = null);

/// <summary>One member of a namespace as the cluster sees them.</summary>
/// <param name="Email">The email claim the cluster's apiserver maps to a user name.</param>
/// <param name="IsAdmin">True for namespace admins (bound to ClusterRole <c>admin</c>), else bound to <c>edit</c>.</param>
public sealed record MemberSnapshot(string Email, bool IsAdmin);
