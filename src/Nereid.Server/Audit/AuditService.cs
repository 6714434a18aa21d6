using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Audit;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Server.Api;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Audit;

/// <summary>An audit event as listed: the actor's name as recorded and the target's name now (a person's display and user name), beside the raw ids.</summary>
internal sealed record AuditView(Guid Id, DateTime At, string Actor, string Action, string TargetType, string TargetId, string? Namespace, string? Before, string? After)
{
    /// <summary>The acting person's id; null for the system.</summary>
    public Guid? ActorId { get; init; }

    /// <summary>The target in words: a person's display name with their user name, a namespace's name; null when there is no name to give.</summary>
    public string? TargetName { get; init; }
}

/// <summary>Which events to list. <paramref name="Actor"/> matches the recorded actor name or the actor's user name or email (substring, any case),
/// and a matched person's events include those of the people merged into them;
/// <paramref name="Action"/> an action or its dotted prefix (<c>person</c> matches <c>person.tier</c>); <paramref name="From"/> inclusive,
/// <paramref name="To"/> exclusive.</summary>
internal sealed record AuditFilter(string? Namespace = null, string? Actor = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Reads the audit log: platform admins see everything, namespace admins their namespace's events.</summary>
internal sealed class AuditService(NereidDbContext db)
{
    /// <summary>Most rows one CSV export holds; a longer log is narrowed by the filters.</summary>
    public const int MaxExportRows = 50_000;

    public Task<Page<AuditView>> ListAsync(Actor actor, string? namespaceName, int limit, string? continueToken, CancellationToken ct) =>
        ListAsync(actor, new AuditFilter(namespaceName), limit, continueToken, ct);

    public async Task<Page<AuditView>> ListAsync(Actor actor, AuditFilter filter, int limit, string? continueToken, CancellationToken ct)
    {
        var q = await QueryAsync(actor, filter, ct);
        var offset = ContinueToken.Decode(continueToken) is { } s ? int.TryParse(s, out var o) && o >= 0 ? o
            : throw ValidationFailedException.For("continue", "The continue token is not valid.") : 0;
        var rows = await q.OrderByDescending(e => e.At).ThenBy(e => e.Id).Skip(offset).Take(limit + 1).ToListAsync(ct);
        var next = rows.Count > limit ? ContinueToken.Encode((offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return new Page<AuditView>(await ViewsAsync(rows.Take(limit).ToList(), ct), next);
    }

    /// <summary>Every matching event, newest first, at most <see cref="MaxExportRows"/>, for the CSV export.</summary>
    public async Task<IReadOnlyList<AuditView>> ExportAsync(Actor actor, AuditFilter filter, CancellationToken ct)
    {
        var q = await QueryAsync(actor, filter, ct);
        return await ViewsAsync(await q.OrderByDescending(e => e.At).ThenBy(e => e.Id).Take(MaxExportRows).ToListAsync(ct), ct);
    }

    private async Task<IQueryable<AuditEvent>> QueryAsync(Actor actor, AuditFilter filter, CancellationToken ct)
    {
        IQueryable<AuditEvent> q = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.Namespace))
        {
            if (!await db.IsNamespaceAdminAsync(actor, filter.Namespace, ct))
                throw new ForbiddenException($"Only admins of '{filter.Namespace}' and platform admins can read its audit log.");
            q = q.Where(e => e.NamespaceName == filter.Namespace);
        }
        else if (!actor.IsPlatformAdmin)
        {
            throw new ForbiddenException("Only platform admins can read the whole audit log; namespace admins ask for their namespace.");
        }
        if (filter.From is { } from && filter.To is { } to && to <= from)
            throw ValidationFailedException.For("to", "The end of the range must be after its start.");
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim().ToLowerInvariant();
            var prefix = action + ".";
            q = q.Where(e => e.Action == action || e.Action.StartsWith(prefix));
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var term = filter.Actor.Trim().ToLowerInvariant();
            var ids = await db.People.AsNoTracking()
                .Where(p => p.NormalizedEmail.Contains(term) || p.DisplayName.ToLower().Contains(term)
                    || db.LocalAccounts.Any(a => a.PersonId == p.Id && a.NormalizedUserName.Contains(term))
                    || db.Set<PosixAccount>().Any(a => a.PersonId == p.Id && a.UserName.ToLower().Contains(term)))
                .Select(p => (Guid?)p.Id).Take(1000).ToListAsync(ct);
            ids = await WithMergedIntoAsync(ids, ct);
            q = q.Where(e => e.ActorName.ToLower().Contains(term) || ids.Contains(e.ActorId));
        }
        if (filter.From is { } f)
        {
            var start = f.UtcDateTime;
            q = q.Where(e => e.At >= start);
        }
        if (filter.To is { } t)
        {
            var end = t.UtcDateTime;
            q = q.Where(e => e.At < end);
        }
        return q;
    }

    // A merge leaves the other person as a tombstone whose past events keep its id and name, so the survivor's history is
    // theirs plus every tombstone merged into them (merges chain: a tombstone may itself have absorbed others earlier).
    private async Task<List<Guid?>> WithMergedIntoAsync(List<Guid?> ids, CancellationToken ct)
    {
        var all = new HashSet<Guid?>(ids);
        var frontier = ids;
        while (frontier.Count > 0 && all.Count < 1000)
        {
            var current = frontier;
            frontier = [.. (await db.People.AsNoTracking().Where(p => current.Contains(p.MergedIntoId)).Select(p => (Guid?)p.Id).ToListAsync(ct))
                .Where(all.Add)];
        }
        return [.. all];
    }

    // Person and institution targets are stored by id; give them their names now (a person since merged or deleted keeps the bare id).
    private async Task<IReadOnlyList<AuditView>> ViewsAsync(List<AuditEvent> rows, CancellationToken ct)
    {
        var personIds = rows.Where(e => e.TargetType == "person").Select(e => Guid.TryParse(e.TargetId, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).Select(p => new { p.Id, p.DisplayName }).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        var users = await db.LocalAccounts.AsNoTracking().Where(a => personIds.Contains(a.PersonId)).Select(a => new { a.PersonId, a.UserName })
            .ToDictionaryAsync(a => a.PersonId, a => a.UserName, ct);
        var institutionIds = rows.Where(e => e.TargetType == "institution").Select(e => Guid.TryParse(e.TargetId, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct().ToList();
        var institutions = await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Name }).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        string? TargetName(AuditEvent e)
        {
            if (e.TargetType == "namespace")
                return e.TargetId;
            if (e.TargetType == "institution")
                return Guid.TryParse(e.TargetId, out var institutionId) ? institutions.GetValueOrDefault(institutionId) : null;
            if (e.TargetType != "person" || !Guid.TryParse(e.TargetId, out var id) || !names.TryGetValue(id, out var name))
                return null;
            return users.TryGetValue(id, out var user) ? $"{name} ({user})" : name;
        }
        return [.. rows.Select(e => new AuditView(e.Id, e.At, e.ActorName, e.Action, e.TargetType, e.TargetId, e.NamespaceName, e.Before, e.After)
        {
            ActorId = e.ActorId,
            TargetName = TargetName(e),
        })];
    }
}
