namespace Nereid.Domain.Namespaces;

/// <summary>A person's role in a namespace. A namespace always keeps at least one admin; roles change through <see cref="NereidNamespace"/>.</summary>
public sealed class Membership
{
    private MembershipRole _role;

    public Guid NamespaceId { get; init; }
    public Guid PersonId { get; init; }
    public MembershipRole Role { get => _role; init => _role = value; }
    public DateTime AddedAt { get; init; }
    public Guid? AddedById { get; init; }

    public People.Person? Person { get; set; }
    public NereidNamespace? Namespace { get; set; }

    internal void SetRole(MembershipRole role) => _role = role;
}
