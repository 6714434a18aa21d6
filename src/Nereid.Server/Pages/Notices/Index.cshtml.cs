using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Notices;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Notices;

/// <summary>/notices: the signed-in person's notice inbox, unread first; mark one read or unread, or all read.</summary>
[Authorize]
internal sealed class NoticesModel(PortalNotices notices, TimeProvider time) : NereidPageModel
{
    public IReadOnlyList<PortalNoticeView> Items { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Items = await notices.ListAsync(Actor!, unreadOnly: false, ct);
    }

    public async Task<IActionResult> OnPostMarkAsync(Guid id, bool read, CancellationToken ct)
    {
        await notices.MarkAsync(Actor!, id, read, ct);
        return Redirect("/notices");
    }

    public async Task<IActionResult> OnPostAllReadAsync(CancellationToken ct)
    {
        await notices.MarkAllReadAsync(Actor!, ct);
        return Redirect("/notices");
    }
}
