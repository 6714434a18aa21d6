using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;

namespace Nereid.Domain.Tests.Namespaces;

/// <summary>Every state change on a namespace goes through a method that also marks the row for reconcile.</summary>
public sealed class NereidNamespaceTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly NamespaceMetadata Metadata = NamespaceMetadata.Create("UC San Diego", ["Dr. Marine"], null, ["PyTorch"], "Currents", null);

    [Fact]
    public void Create_NewNamespace_CreatorIsAdminAndVersionIsOne()
    {
        var creator = Guid.NewGuid();

        var ns = NereidNamespace.Create("ocean-lab", Metadata, creator, T0);

        ns.Version.ShouldBe(1);
        ns.UpdatedAt.ShouldBe(T0);
        ns.SearchText.ShouldContain("pytorch");
        var admin = ns.Memberships.ShouldHaveSingleItem();
        (admin.PersonId, admin.Role, admin.NamespaceId, admin.AddedById).ShouldBe((creator, MembershipRole.Admin, ns.Id, (Guid?)creator));
    }

    [Fact]
    public void UpdateMetadata_NewText_BumpsVersionAndSearchText()
    {
        var ns = NereidNamespace.Create("ocean-lab", Metadata, Guid.NewGuid(), T0);

        ns.UpdateMetadata(NamespaceMetadata.Create("UC Davis", ["Dr. Soil"], null, ["R"], "Roots", null), T0.AddHours(1));

        ns.Version.ShouldBe(2);
        ns.UpdatedAt.ShouldBe(T0.AddHours(1));
        ns.Institution.ShouldBe("UC Davis");
        ns.SearchText.ShouldContain("uc davis");
        ns.SearchText.ShouldNotContain("pytorch");
    }

    [Fact]
    public void RequestDeletion_Active_MarksDeletingAndBumpsVersion()
    {
        var ns = NereidNamespace.Create("ocean-lab", Metadata, Guid.NewGuid(), T0);

        ns.RequestDeletion(T0.AddMinutes(5));

        ns.State.ShouldBe(NamespaceState.Deleting);
        ns.DeletionRequestedAt.ShouldBe(T0.AddMinutes(5));
        ns.Version.ShouldBe(2);
    }

    [Fact]
    public void RequestDeletion_AlreadyDeleting_ConflictAndNothingChanges()
    {
        var ns = NereidNamespace.Create("ocean-lab", Metadata, Guid.NewGuid(), T0);
        ns.RequestDeletion(T0.AddMinutes(5));

        Should.Throw<ConflictException>(() => ns.RequestDeletion(T0.AddMinutes(9)));

        ns.DeletionRequestedAt.ShouldBe(T0.AddMinutes(5));
        ns.Version.ShouldBe(2);
    }

    [Fact]
    public void MemberChanges_AddChangeRemove_EachBumpsVersion()
    {
        var ns = NereidNamespace.Create("ocean-lab", Metadata, Guid.NewGuid(), T0);
        var person = Guid.NewGuid();

        var membership = ns.AddMember(person, MembershipRole.Member, null, T0.AddMinutes(1));
        ns.Version.ShouldBe(2);
        ns.ChangeRole(membership, MembershipRole.Admin, T0.AddMinutes(2));
        ns.Version.ShouldBe(3);
        membership.Role.ShouldBe(MembershipRole.Admin);
        ns.RemoveMember(membership, T0.AddMinutes(3));

        ns.Version.ShouldBe(4);
        ns.UpdatedAt.ShouldBe(T0.AddMinutes(3));
        ns.Memberships.ShouldNotContain(membership);
    }

    [Fact]
    public void ChangeRole_MembershipOfAnotherNamespace_RefusedAndVersionKept()
    {
        var ns = NereidNamespace.Create("ocean-lab", Metadata, Guid.NewGuid(), T0);
        var other = NereidNamespace.Create("soil-lab", Metadata, Guid.NewGuid(), T0);

        Should.Throw<ArgumentException>(() => ns.ChangeRole(other.Memberships[0], MembershipRole.Member, T0.AddMinutes(1)));

        ns.Version.ShouldBe(1);
        other.Memberships[0].Role.ShouldBe(MembershipRole.Admin);
    }

    [Fact]
    public void QuotaChanged_Always_BumpsVersion()
    {
        var ns = NereidNamespace.Create("ocean-lab", Metadata, Guid.NewGuid(), T0);

        ns.QuotaChanged(T0.AddDays(1));

        ns.Version.ShouldBe(2);
        ns.UpdatedAt.ShouldBe(T0.AddDays(1));
    }
}
