namespace Nereid.Server.Namespaces;

/// <summary>Operator policy for namespaces. Section <c>Nereid:Namespaces</c>.</summary>
internal sealed class NamespaceOptions
{
    public const string Section = "Nereid:Namespaces";

    /// <summary>Extra reserved names or prefixes (a trailing <c>*</c> matches a prefix), on top of <c>default</c>, <c>kube-*</c>, <c>nereid-*</c>. Default: none.</summary>
    public List<string> ReservedNames { get; set; } = [];

    /// <summary>Seconds a rendered overview page may be served from memory. Changes on this replica clear it at once. Default: 2. 0 disables.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 300)]
    public int ListCacheSeconds { get; set; } = 2;
}

/// <summary>Namespace naming rules with the operator's reserved names applied.</summary>
internal sealed class NamespaceRules(Microsoft.Extensions.Options.IOptions<NamespaceOptions> options)
{
    public void CheckName(string? name)
    {
        if (Nereid.Domain.Namespaces.NamespaceName.Check(name, options.Value.ReservedNames) is { } problem)
            throw Nereid.Domain.Errors.ValidationFailedException.For("name", problem);
    }
}
