using Nereid.Domain.People;
using Nereid.Server.People;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Manage;

/// <summary>The signed-in person's namespaces and, for tier admin and above, the way to create one.</summary>
internal sealed class IndexModel(PeopleService people) : NereidPageModel
{
    public IReadOnlyList<MyMembershipView> Memberships { get; private set; } = [];

    public bool CanCreate => Actor?.AtLeast(Tier.Admin) == true;

    public async Task OnGetAsync(CancellationToken ct) =>
        Memberships = await people.MembershipsAsync(Actor!, ct);
}
