namespace Nereid.Domain.Namespaces;

/// <summary>A person's role in a namespace. A namespace always keeps at least one admin.</summary>
public sealed class Membership
{
    public Guid NamespaceId { get; set; }
    public Guid PersonId { get; set; }
    public MembershipRole Role { get; set; }
    public DateTime AddedAt { get; set; }
    public Guid? AddedById { get; set; }

    public People.Person? Person { get; set; }
    public NereidNamespace? Namespace { get; set; }
}
