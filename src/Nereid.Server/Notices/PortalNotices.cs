using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Notices;
using Nereid.Server.Auth;

namespace Nereid.Server.Notices;

/// <summary>One notice as its reader sees it.</summary>
internal sealed record PortalNoticeView(Guid Id, string Title, string Body, string? Link, DateTime CreatedAt, DateTime? ReadAt)
{
    public bool Read => ReadAt is not null;

    public static PortalNoticeView Of(PortalNotice n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt);
    }
}

/// <summary>
/// The portal's notice inbox. Other features deliver into it with <see cref="AddAsync"/> (violations, decisions,
/// promotions); each person reads and marks only their own.
/// </summary>
internal sealed class PortalNotices(NereidDbContext db, TimeProvider time)
{
    /// <summary>Newest notices shown and listed at most.</summary>
    public const int PageSize = 100;

    /// <summary>Queues a notice for <paramref name="personId"/> in the caller's unit of work (saved with the caller's change).</summary>
    public PortalNotice Add(Guid personId, string title, string? body = null, string? link = null)
    {
        var notice = PortalNotice.Create(personId, title, body, link, time.GetUtcNow().UtcDateTime);
        db.Set<PortalNotice>().Add(notice);
        return notice;
    }

    /// <summary>Delivers a notice to <paramref name="personId"/> now.</summary>
    public async Task<PortalNoticeView> AddAsync(Guid personId, string title, string? body, string? link, CancellationToken ct)
    {
        var notice = Add(personId, title, body, link);
        await db.SaveChangesAsync(ct);
        return PortalNoticeView.Of(notice);
    }

    /// <summary>The actor's newest notices, unread first.</summary>
    public async Task<IReadOnlyList<PortalNoticeView>> ListAsync(Actor actor, bool unreadOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = db.Set<PortalNotice>().AsNoTracking().Where(n => n.PersonId == actor.PersonId);
        if (unreadOnly)
            query = query.Where(n => n.ReadAt == null);
        var rows = await query.OrderByDescending(n => n.CreatedAt).Take(PageSize).ToListAsync(ct);
        return [.. rows.OrderBy(n => n.IsRead).ThenByDescending(n => n.CreatedAt).Select(PortalNoticeView.Of)];
    }

    /// <summary>How many unread notices the person has.</summary>
    public Task<int> UnreadCountAsync(Guid personId, CancellationToken ct) =>
        db.Set<PortalNotice>().CountAsync(n => n.PersonId == personId && n.ReadAt == null, ct);

    /// <summary>Marks one of the actor's notices read or unread; 404 for another person's notice (it is not theirs to know of).</summary>
    public async Task<PortalNoticeView> MarkAsync(Actor actor, Guid id, bool read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var notice = await db.Set<PortalNotice>().FirstOrDefaultAsync(n => n.Id == id && n.PersonId == actor.PersonId, ct)
            ?? throw new NotFoundException("You have no such notice.");
        if (read)
            notice.MarkRead(time.GetUtcNow().UtcDateTime);
        else
            notice.MarkUnread();
        await db.SaveChangesAsync(ct);
        return PortalNoticeView.Of(notice);
    }

    /// <summary>Marks every notice of the actor read; returns how many changed.</summary>
    public async Task<int> MarkAllReadAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var unread = await db.Set<PortalNotice>().Where(n => n.PersonId == actor.PersonId && n.ReadAt == null).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var n in unread)
            n.MarkRead(now);
        await db.SaveChangesAsync(ct);
        return unread.Count;
    }
}
