using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Notices;
using Nereid.Domain.Policies;
using Nereid.Domain.Requests;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Notices;

/// <summary>What waits for a person, counted for the navigation: unread notices and requests they decide.</summary>
internal sealed record HomeCount(int UnreadNotices, int Decisions)
{
    public int Total => UnreadNotices + Decisions;
}

/// <summary>Counts <see cref="HomeCount"/> in a few small queries (it runs on every page a signed-in person opens).</summary>
internal sealed class HomeCounts(NereidDbContext db)
{
    public async Task<HomeCount> ForAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var unread = await db.Set<PortalNotice>().CountAsync(n => n.PersonId == actor.PersonId && n.ReadAt == null, ct);
        var joins = db.JoinRequests.Where(r => r.State == RequestState.Pending);
        if (!actor.IsPlatformAdmin)
        {
            var administered = db.EffectiveMemberships().Where(m => m.PersonId == actor.PersonId && m.Role == MembershipRole.Admin).Select(m => m.NamespaceId);
            joins = joins.Where(r => administered.Contains(r.NamespaceId));
        }
        var decisions = await joins.CountAsync(ct);
        if (actor.IsPlatformAdmin)
        {
            decisions += await db.TierRequests.CountAsync(r => r.State == RequestState.Pending, ct);
            decisions += await db.Set<PolicyExceptionRequest>().CountAsync(r => r.State == ExceptionRequestState.Pending, ct);
        }
        return new HomeCount(unread, decisions);
    }
}
