namespace Nereid.Kubernetes.Projection;

/// <summary>The deterministic names and labels of everything Nereid projects, so a repeated pass finds its own objects.</summary>
public static class ProjectionNames
{
    /// <summary>Field manager of every server-side apply.</summary>
    public const string FieldManager = "nereid";

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "nereid";

    /// <summary>Label selector that finds every object Nereid owns.</summary>
    public const string ManagedSelector = ManagedByLabel + "=" + ManagedByValue;

    public const string InstitutionLabel = "nereid.io/institution";
    public const string PisAnnotation = "nereid.io/pis";
    public const string DescriptionAnnotation = "nereid.io/description";
    public const string GrantsAnnotation = "nereid.io/grants";

    public const string AdminsBinding = "nereid-admins";
    public const string MembersBinding = "nereid-members";
    public const string Quota = "nereid-quota";
    public const string LimitRange = "nereid-defaults";
    public const string NetworkPolicy = "nereid-isolation";
    public const string ClusterUserRole = "nereid-cluster-user";

    /// <summary>The group Nereid's tokens give every member of <paramref name="ns"/> (before the cluster's groups prefix).</summary>
    public static string MembersGroup(string ns) => "ns:" + ns;

    /// <summary>The group Nereid's tokens give the admins of <paramref name="ns"/> (before the cluster's groups prefix).</summary>
    public static string AdminsGroup(string ns) => "ns:" + ns + ":admin";

    /// <summary>The RoleBinding names Nereid may create in a namespace (others are never touched).</summary>
    public static IReadOnlyList<string> RoleBindings { get; } = [AdminsBinding, MembersBinding];
}
