using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Server.Namespaces;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Manage;

/// <summary>Namespace admins add people by email, change roles and remove members.</summary>
internal sealed class MembersModel(NamespaceService namespaces) : NereidPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    [BindProperty]
    public AddMemberForm Input { get; set; } = new();

    public IReadOnlyList<MemberView> Members { get; private set; } = [];
    public NamespaceView Namespace { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(() => LoadAsync(ct));

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) =>
        Run(async () =>
        {
            var role = MembershipRoleNames.Parse(Input.Role);
            var added = await namespaces.SetMemberAsync(Actor!, Name, Input.Email ?? "", role, ct);
            return Done($"{added.DisplayName} is now {(role == MembershipRole.Admin ? "an admin" : "a member")} of {Name}.", Here);
        }, ct);

    public Task<IActionResult> OnPostRoleAsync(Guid personId, string? role, CancellationToken ct) =>
        Run(async () =>
        {
            var parsed = MembershipRoleNames.Parse(role);
            var changed = await namespaces.SetMemberAsync(Actor!, Name, personId.ToString(), parsed, ct);
            return Done($"{changed.DisplayName} is now {(parsed == MembershipRole.Admin ? "an admin" : "a member")} of {Name}.", Here);
        }, ct);

    public Task<IActionResult> OnPostRemoveAsync(Guid personId, CancellationToken ct) =>
        Run(async () =>
        {
            await namespaces.RemoveMemberAsync(Actor!, Name, personId.ToString(), ct);
            return Done($"The member was removed from {Name}.", Here);
        }, ct);

    private string Here => "/manage/" + Uri.EscapeDataString(Name) + "/members";

    private async Task<IActionResult> Run(Func<Task<IActionResult>> change, CancellationToken ct)
    {
        var result = await ChangeAsync(change, () => LoadAsync(ct), "Input", typeof(AddMemberForm));
        return DeniedWhenForbidden(result);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Namespace = await namespaces.GetAsync(Name, ct);
        if (!await namespaces.IsNamespaceAdminAsync(Actor, Name, ct))
            throw new ForbiddenException($"Only admins of namespace '{Name}' may manage its members.");
        Members = await namespaces.ListMembersAsync(Actor!, Name, ct);
    }
}

/// <summary>Adding someone: they are found by the email they signed in with.</summary>
internal sealed class AddMemberForm
{
    public string? Email { get; set; }
    public string? Role { get; set; } = "member";
}
