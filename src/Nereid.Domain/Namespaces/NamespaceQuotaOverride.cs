namespace Nereid.Domain.Namespaces;

/// <summary>
/// One ResourceQuota value a platform admin set for one namespace, replacing the defaults for that resource
/// (for example <c>requests.nvidia.com/gpu</c> → <c>8</c>). Changing the set touches the namespace, so its version
/// (the API's ETag) moves and the reconciler picks the change up.
/// </summary>
public sealed class NamespaceQuotaOverride
{
    /// <summary>Longest resource name Kubernetes accepts (a 253-character prefix, a slash and a 63-character name).</summary>
    public const int MaxResourceLength = 317;

    /// <summary>Longest quantity text kept.</summary>
    public const int MaxQuantityLength = 64;

    /// <summary>Most overrides one namespace may carry.</summary>
    public const int MaxPerNamespace = 50;

    /// <summary>The namespace this value belongs to.</summary>
    public Guid NamespaceId { get; set; }

    /// <summary>The ResourceQuota <c>hard</c> key, e.g. <c>requests.memory</c>.</summary>
    public string Resource { get; set; } = "";

    /// <summary>The Kubernetes quantity in canonical form, e.g. <c>512Gi</c>.</summary>
    public string Quantity { get; set; } = "";

    /// <summary>When it was last set (UTC).</summary>
    public DateTime SetAt { get; set; }

    /// <summary>The platform admin who set it.</summary>
    public Guid SetById { get; set; }
}
