using System.Text.Json;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Kubernetes.Projection;

/// <summary>Builds the desired Kubernetes objects of a Nereid namespace. Pure: no I/O, same input → same output.</summary>
public static class NamespaceProjection
{
    private static readonly string[] PsaLevels = ["privileged", "baseline", "restricted"];

    /// <summary>Projects <paramref name="snapshot"/>; throws <see cref="ProjectionException"/> on input that cannot be projected.</summary>
    public static DesiredNamespace Build(NamespaceSnapshot snapshot, ProjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        if (!Labels.IsDnsLabel(snapshot.Name))
        {
            throw new ProjectionException($"'{snapshot.Name}' is not a DNS-1123 label, so it cannot name a Kubernetes namespace.");
        }
        var ns = snapshot.Name;
        var bindings = BuildBindings(snapshot, options).ToList();
        return new DesiredNamespace(
            BuildNamespace(snapshot, options),
            bindings,
            [.. ProjectionNames.RoleBindings.Where(n => !bindings.Any(b => b.Metadata.Name == n))],
            BuildQuota(ns, QuotaValues.Merge(options.QuotaDefaults, snapshot.QuotaOverrides, snapshot.StoredQuota)),
            BuildLimitRange(ns, options),
            BuildNetworkPolicy(ns, options));
    }

    /// <summary>The cluster-wide role every member gets: read nodes and storage classes (inventory, PVC choices).</summary>
    public static ClusterRole ClusterUserRole() => new()
    {
        Metadata = Meta(null, ProjectionNames.ClusterUserRole),
        Rules =
        [
            new PolicyRule { ApiGroups = [""], Resources = ["nodes"], Verbs = ["get", "list", "watch"] },
            new PolicyRule { ApiGroups = ["storage.k8s.io"], Resources = ["storageclasses"], Verbs = ["get", "list", "watch"] },
        ],
    };

    /// <summary>Binds <see cref="ClusterUserRole"/> to every member of any namespace (sorted, deduplicated).</summary>
    public static ClusterRoleBinding ClusterUserBinding(IEnumerable<string> memberEmails, ProjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(memberEmails);
        ArgumentNullException.ThrowIfNull(options);
        return new ClusterRoleBinding
        {
            Metadata = Meta(null, ProjectionNames.ClusterUserRole),
            RoleRef = new RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = ProjectionNames.ClusterUserRole },
            Subjects = [.. Users(memberEmails, options)],
        };
    }

    private static Namespace BuildNamespace(NamespaceSnapshot s, ProjectionOptions o)
    {
        var meta = Meta(null, s.Name);
        meta.Labels![ProjectionNames.InstitutionLabel] = Labels.Slug(s.Institution);
        meta.Labels["pod-security.kubernetes.io/enforce"] = Psa(o.PodSecurityEnforce);
        meta.Labels["pod-security.kubernetes.io/warn"] = Psa(o.PodSecurityWarn);
        meta.Labels["pod-security.kubernetes.io/audit"] = Psa(o.PodSecurityAudit);
        foreach (var (key, value) in s.FeatureLabels ?? new Dictionary<string, string>())
        {
            meta.Labels[key] = value;
        }
        meta.Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProjectionNames.PisAnnotation] = JsonSerializer.Serialize(s.Pis),
            [ProjectionNames.GrantsAnnotation] = JsonSerializer.Serialize(s.Grants),
            [ProjectionNames.DescriptionAnnotation] = Truncate(s.Description, o.MaxDescriptionAnnotationLength),
        };
        return new Namespace { Metadata = meta };
    }

    private static IEnumerable<RoleBinding> BuildBindings(NamespaceSnapshot s, ProjectionOptions o)
    {
        if (s.MemberGroupsPrefix is { } groupsPrefix)
        {
            // The cluster trusts Nereid's tokens, whose groups claim says who belongs: the bindings never change with membership.
            yield return Binding(s.Name, ProjectionNames.AdminsBinding, "admin", [Group(groupsPrefix + ProjectionNames.AdminsGroup(s.Name))]);
            yield return Binding(s.Name, ProjectionNames.MembersBinding, "edit", [Group(groupsPrefix + ProjectionNames.MembersGroup(s.Name))]);
            yield break;
        }
        var admins = Users(s.Members.Where(m => m.IsAdmin).Select(m => m.Email), o).ToList();
        // A person who is an admin already has every edit right; listing them twice would only add noise.
        var adminNames = admins.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var members = Users(s.Members.Where(m => !m.IsAdmin).Select(m => m.Email), o).Where(u => !adminNames.Contains(u.Name)).ToList();
        if (admins.Count > 0)
        {
            yield return Binding(s.Name, ProjectionNames.AdminsBinding, "admin", admins);
        }
        if (members.Count > 0)
        {
            yield return Binding(s.Name, ProjectionNames.MembersBinding, "edit", members);
        }
    }

    private static RoleBinding Binding(string ns, string name, string clusterRole, List<Subject> subjects) => new()
    {
        Metadata = Meta(ns, name),
        RoleRef = new RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = clusterRole },
        Subjects = subjects,
    };

    private static Subject Group(string name) => new() { Kind = "Group", ApiGroup = "rbac.authorization.k8s.io", Name = name };

    private static IEnumerable<Subject> Users(IEnumerable<string> emails, ProjectionOptions o) =>
        emails.Select(e => (e ?? "").Trim().ToLowerInvariant())
            .Where(e => e.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(e => new Subject { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = o.UsernamePrefix + e });

    private static ResourceQuota BuildQuota(string ns, IReadOnlyDictionary<string, string> hard) => new()
    {
        Metadata = Meta(ns, ProjectionNames.Quota),
        Spec = new ResourceQuotaSpec
        {
            Hard = hard.ToDictionary(kv => kv.Key, kv => Parse(kv.Key, kv.Value), StringComparer.Ordinal),
        },
    };

    private static LimitRange BuildLimitRange(string ns, ProjectionOptions o) => new()
    {
        Metadata = Meta(ns, ProjectionNames.LimitRange),
        Spec = new LimitRangeSpec
        {
            Limits =
            [
                new LimitRangeItem
                {
                    Type = "Container",
                    DefaultRequest = new() { ["cpu"] = Parse("cpu", o.DefaultRequestCpu), ["memory"] = Parse("memory", o.DefaultRequestMemory) },
                    Default = new() { ["cpu"] = Parse("cpu", o.DefaultLimitCpu), ["memory"] = Parse("memory", o.DefaultLimitMemory) },
                },
            ],
        },
    };

    private static NetworkPolicy BuildNetworkPolicy(string ns, ProjectionOptions o)
    {
        var peers = new List<NetworkPolicyPeer> { new() { PodSelector = new LabelSelector() } };
        peers.AddRange(o.IngressNamespaces.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(n => new NetworkPolicyPeer
        {
            NamespaceSelector = new LabelSelector { MatchLabels = new() { ["kubernetes.io/metadata.name"] = n } },
        }));
        return new NetworkPolicy
        {
            Metadata = Meta(ns, ProjectionNames.NetworkPolicy),
            Spec = new NetworkPolicySpec
            {
                // Empty pod selector: the policy covers every pod; only Ingress is listed, so egress stays open.
                PodSelector = new LabelSelector(),
                PolicyTypes = ["Ingress"],
                Ingress = [new NetworkPolicyRule { From = peers }],
            },
        };
    }

    private static ObjectMeta Meta(string? ns, string name) => new()
    {
        Name = name,
        Namespace = ns,
        Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [ProjectionNames.ManagedByLabel] = ProjectionNames.ManagedByValue },
    };

    private static Quantity Parse(string resource, string value) =>
        Quantity.TryParse(value, out var q) ? q : throw new ProjectionException($"'{value}' for {resource} is not a Kubernetes quantity.");

    private static string Psa(string level) =>
        PsaLevels.Contains(level, StringComparer.Ordinal)
            ? level
            : throw new ProjectionException($"'{level}' is not a Pod Security level; use privileged, baseline or restricted.");

    private static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, Math.Max(0, max - 1)), "…");
}
