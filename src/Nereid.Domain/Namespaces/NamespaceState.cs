namespace Nereid.Domain.Namespaces;

/// <summary>Lifecycle of a namespace. Deleting is explicit and visible; nothing is destroyed silently.</summary>
public enum NamespaceState
{
    Active = 0,
    /// <summary>Deletion was requested; the Kubernetes side is removed after the grace period.</summary>
    Deleting = 1,
}
