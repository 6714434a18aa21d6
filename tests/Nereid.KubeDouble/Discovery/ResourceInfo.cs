namespace Nereid.KubeDouble.Discovery;

/// <summary>One served resource: its group-version, names, scope, verbs and subresources.</summary>
public sealed record ResourceInfo(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> Subresources)
{
    /// <summary>All verbs of an ordinary stored resource.</summary>
    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary><c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Plural, qualified by group for non-core groups (as in error messages).</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Review resources accept only POST and store nothing.</summary>
    public bool IsReview => Group == "authorization.k8s.io";

    /// <summary>Storage key prefix, unique per resource across versions.</summary>
    public string StorageKey => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool HasStatus => Subresources.Contains("status");

    /// <summary>Extra field-selector fields beyond metadata.name/namespace (server: per-type field label conversion).</summary>
    public IReadOnlyList<string> ExtraFieldSelectors { get; init; } = [];

    /// <summary>Served because a CustomResourceDefinition declares it (see CustomResources/).</summary>
    public bool IsCustom { get; init; }

    /// <summary>Categories a custom resource belongs to (<c>kubectl get all</c> style), from its definition.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>A custom resource version's <c>additionalPrinterColumns</c> (tables for kubectl get).</summary>
    public IReadOnlyList<CustomResources.PrinterColumn> PrinterColumns { get; init; } = [];
}
