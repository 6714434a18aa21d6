namespace Nereid.Domain.Namespaces;

/// <summary>
/// A namespace's switch for federated scheduling through Admiralty: while this row exists, every cluster the namespace
/// is placed on may send its pods to every other one. No row means not federated.
/// </summary>
public sealed class NamespaceFederation
{
    /// <summary>The namespace federated.</summary>
    public Guid NamespaceId { get; init; }

    /// <summary>When federation was switched on (UTC).</summary>
    public DateTime FederatedAt { get; init; }

    /// <summary>Who switched it on.</summary>
    public Guid SetById { get; init; }

    /// <summary>The switch turned on for <paramref name="namespaceId"/>.</summary>
    public static NamespaceFederation On(Guid namespaceId, Guid by, DateTime now) =>
        new() { NamespaceId = namespaceId, FederatedAt = now, SetById = by };
}
