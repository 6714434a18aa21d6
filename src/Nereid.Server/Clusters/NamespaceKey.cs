namespace Nereid.Server.Clusters;

/// <summary>The work-queue key of the namespace reconciler: one Nereid namespace (its DNS-1123 name).</summary>
internal readonly record struct NamespaceKey(string Name)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
