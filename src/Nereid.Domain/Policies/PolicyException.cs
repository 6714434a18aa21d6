namespace Nereid.Domain.Policies;

/// <summary>
/// A platform admin's permission for a namespace (or one pod in it) to break one policy, with a reason, until it expires.
/// Excepted pods are not flagged.
/// </summary>
public sealed class PolicyException
{
    public const int MaxReasonLength = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public string Namespace { get; set; } = "";
    /// <summary>The pod or workload name; null covers the whole namespace.</summary>
    public string? PodName { get; set; }
    public PolicyKind Policy { get; set; }
    public string Reason { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid GrantedById { get; set; }
    public string GrantedByName { get; set; } = "";

    /// <summary>True while the exception applies at <paramref name="now"/> to <paramref name="name"/> in <paramref name="ns"/> for <paramref name="policy"/>.</summary>
    public bool Covers(PolicyKind policy, string ns, string name, DateTime now) =>
        Policy == policy && ExpiresAt > now && string.Equals(Namespace, ns, StringComparison.Ordinal)
        && (PodName is null || string.Equals(PodName, name, StringComparison.Ordinal));
}
