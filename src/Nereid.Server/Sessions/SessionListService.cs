using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Freshness;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Sessions;

/// <summary>A session as the portal shows it, with the link that opens it.</summary>
internal sealed record SessionView(string User, string Server, string? Namespace, string? Image, int Gpus, bool Ready,
    DateTimeOffset? Started, DateTimeOffset? LastActivity, string OpenUrl, bool Mine, bool Pending = false)
{
    /// <summary>For people: running (ready), starting (a spawn is pending) or stopping.</summary>
    public string State => Ready ? "running" : Pending ? "starting" : "stopping";
}

/// <summary>What the Sessions page and API show: whether a hub is configured, its spawn page, and the sessions.</summary>
internal sealed record SessionsView(bool Configured, string? SpawnUrl, IReadOnlyList<SessionView> Items);

/// <summary>
/// The person's JupyterHub servers (and, for namespace admins, every server in their namespaces; platform admins see all),
/// read from JupyterHub's REST API on each request; stopping goes through the same API and is audited. A person's hub user
/// name is the local part of their email (what Nereid's issuer gives as <c>preferred_username</c>).
/// </summary>
internal sealed class SessionListService(NereidDbContext db, JupyterHubClient hub, AuditLog audit, SourceHealth health)
{
    /// <summary>The sessions <paramref name="actor"/> may see.</summary>
    public async Task<SessionsView> ListAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!hub.Configured)
            return new SessionsView(false, null, []);
        var me = await HubUserOfAsync(actor, ct);
        var administered = await AdministeredAsync(actor, ct);
        var items = (await ListServersAsync(ct))
            .Where(s => actor.IsPlatformAdmin || s.User == me || (s.Namespace is not null && administered.Contains(s.Namespace)))
            .OrderBy(s => s.User, StringComparer.Ordinal).ThenBy(s => s.Server, StringComparer.Ordinal)
            .Select(s => new SessionView(s.User, s.Server, s.Namespace, s.Image, s.Gpus, s.Ready, s.Started, s.LastActivity,
                new Uri(hub.BaseAddress, s.Url.TrimStart('/')).ToString(), s.User == me, s.Pending))
            .ToList();
        return new SessionsView(true, new Uri(hub.BaseAddress, "hub/spawn").ToString(), items);
    }

    /// <summary>Stops <paramref name="user"/>'s server <paramref name="server"/>: its owner, an admin of its namespace, or a platform admin.</summary>
    public async Task StopAsync(Actor actor, string user, string server, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!hub.Configured)
            throw new NotFoundException("No JupyterHub is configured.");
        var target = (await ListServersAsync(ct)).FirstOrDefault(s => s.User == user && s.Server == server)
            ?? throw new NotFoundException($"JupyterHub has no server '{server}' of '{user}'.");
        var allowed = actor.IsPlatformAdmin || target.User == await HubUserOfAsync(actor, ct)
            || (target.Namespace is not null && (await AdministeredAsync(actor, ct)).Contains(target.Namespace));
        if (!allowed)
            throw new ForbiddenException("Only the session's owner, an admin of its namespace or a platform admin may stop it.");
        if (!await hub.StopAsync(user, server, ct))
            throw new NotFoundException($"JupyterHub has no server '{server}' of '{user}'.");
        audit.Record(actor, "session.stop", "session", $"{user}/{server}", target.Namespace, new { target.Image, target.Gpus }, null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The hub user name of a person: the local part of their email, lower-cased.</summary>
    public static string HubUserName(string email) => email.Split('@')[0].ToLowerInvariant();

    /// <summary>The hub user name of <paramref name="actor"/>, or null when the person is gone.</summary>
    public async Task<string?> HubUserOfAsync(Actor actor, CancellationToken ct)
    {
        var email = await db.People.AsNoTracking().Where(p => p.Id == actor.PersonId).Select(p => p.Email).FirstOrDefaultAsync(ct);
        return email is null ? null : HubUserName(email);
    }

    /// <summary>The hub's servers; whether the hub answered is recorded in <see cref="SourceHealth"/> so pages can say since when it does not.</summary>
    private async Task<IReadOnlyList<HubServer>> ListServersAsync(CancellationToken ct)
    {
        var location = hub.BaseAddress.ToString();
        try
        {
            var servers = await hub.ListServersAsync(ct);
            health.Succeeded(SourceKinds.JupyterHub, SourceKinds.JupyterHub, location);
            return servers;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            health.Failed(SourceKinds.JupyterHub, SourceKinds.JupyterHub, location, e.Message);
            throw;
        }
    }

    private async Task<HashSet<string>> AdministeredAsync(Actor actor, CancellationToken ct) =>
        [.. await db.AdministeredNamespaces(actor.PersonId).ToListAsync(ct)];
}
