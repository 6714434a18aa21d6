namespace Nereid.Server.Clusters;

/// <summary>Port: where the reconciler reads desired state (the database, through <see cref="DesiredStateCache"/>).</summary>
internal interface IDesiredNamespaces
{
    /// <summary>The namespace as last loaded, or null when it no longer exists.</summary>
    DesiredEntry? Get(NamespaceKey key);
}
