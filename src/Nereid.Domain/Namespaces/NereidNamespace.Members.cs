namespace Nereid.Domain.Namespaces;

public sealed partial class NereidNamespace
{
    /// <summary>Adds a person with <paramref name="role"/> and marks the change (their RoleBinding follows).</summary>
    public Membership AddMember(Guid personId, MembershipRole role, Guid? addedById, DateTime now)
    {
        var membership = new Membership { NamespaceId = Id, PersonId = personId, Role = role, AddedAt = now, AddedById = addedById };
        Memberships.Add(membership);
        Touch(now);
        return membership;
    }

    /// <summary>Changes a member's role and marks the change.</summary>
    public void ChangeRole(Membership membership, MembershipRole role, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(membership);
        if (membership.NamespaceId != Id)
            throw new ArgumentException($"The membership belongs to another namespace than '{Name}'.", nameof(membership));
        membership.SetRole(role);
        Touch(now);
    }

    /// <summary>Removes a member and marks the change.</summary>
    public void RemoveMember(Membership membership, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(membership);
        if (membership.NamespaceId != Id)
            throw new ArgumentException($"The membership belongs to another namespace than '{Name}'.", nameof(membership));
        Memberships.Remove(membership);
        Touch(now);
    }

    /// <summary>
    /// Moves a membership to another person (two people merged), keeping its role, when and by whom it was added.
    /// The caller has checked that <paramref name="personId"/> is not already a member.
    /// </summary>
    public Membership TransferMember(Membership membership, Guid personId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(membership);
        if (membership.NamespaceId != Id)
            throw new ArgumentException($"The membership belongs to another namespace than '{Name}'.", nameof(membership));
        if (Memberships.Any(m => m.PersonId == personId))
            throw new ArgumentException($"The person is already a member of '{Name}'.", nameof(personId));
        Memberships.Remove(membership);
        var moved = new Membership { NamespaceId = Id, PersonId = personId, Role = membership.Role, AddedAt = membership.AddedAt, AddedById = membership.AddedById };
        Memberships.Add(moved);
        Touch(now);
        return moved;
    }

    /// <summary>
    /// Marks that a member's access changed outside this row (their tier crossed the guest line, or they were suspended
    /// or reinstated), so the reconciler reloads the namespace and grants or withdraws their RoleBinding.
    /// </summary>
    public void MemberAccessChanged(DateTime now) => Touch(now);
}
