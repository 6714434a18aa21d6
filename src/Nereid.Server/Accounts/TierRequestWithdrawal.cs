using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Requests;
using Nereid.Server.Audit;
using Nereid.Server.Auth;

namespace Nereid.Server.Accounts;

/// <summary>A requester takes back their own pending tier request (then may ask again).</summary>
internal sealed class TierRequestWithdrawal(NereidDbContext db, AuditLog audit)
{
    public async Task WithdrawAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var request = await db.TierRequests.FirstOrDefaultAsync(r => r.PersonId == actor.PersonId && r.State == RequestState.Pending, ct)
            ?? throw new NotFoundException("You have no pending tier request.");
        request.Cancel();
        audit.Record(actor, "tier.withdraw", "tier-request", request.Id.ToString(), null);
        await db.SaveChangesAsync(ct);
    }
}
