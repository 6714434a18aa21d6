using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Sessions;

namespace Nereid.Server.Pages.Sessions;

/// <summary>The person's JupyterHub sessions (and their namespaces' for namespace admins): launch, open, stop.</summary>
[Authorize]
internal sealed class IndexModel(SessionListService sessions, SessionOptionsCache options, JupyterHubClient hub) : NereidPageModel
{
    public SessionsView View { get; private set; } = new(false, null, []);
    public IReadOnlyList<SessionLaunch> Launches { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostStopAsync(string user, string server, CancellationToken ct) =>
        await ChangeAsync(async () =>
        {
            await sessions.StopAsync(Actor!, user, server, ct);
            return Done($"Stopping {user}'s session {(server.Length == 0 ? "(default)" : server)}.", "/sessions");
        }, () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        View = await sessions.ListAsync(Actor!, ct);
        if (View.Configured)
        {
            var me = await sessions.HubUserOfAsync(Actor!, ct);
            Launches = me is null ? [] : SessionLaunches.From((await options.GetAsync(Actor!, ct)).Utf8, hub.BaseAddress, me);
        }
    }
}
