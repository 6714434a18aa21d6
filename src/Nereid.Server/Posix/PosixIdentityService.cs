using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Server.Audit;
using Nereid.Server.Auth;

namespace Nereid.Server.Posix;

/// <summary>
/// Gives each person one stable POSIX identity: assigned at sign-in (from the configured claim when usable) or on first
/// need (profile, API, export, Slurm projection), never changed afterwards. Names and uids are unique by database index.
/// </summary>
internal sealed partial class PosixIdentityService(NereidDbContext db, AuditLog audit, TimeProvider time, IOptions<PosixOptions> options,
    ILogger<PosixIdentityService> logger)
{
    private readonly PosixOptions _options = options.Value;

    /// <summary>The POSIX identity of <paramref name="personId"/> (the actor's own, or anyone's for platform admins), assigned if missing.</summary>
    public async Task<PosixAccountView> GetAsync(Actor actor, Guid personId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.PersonId != personId && !actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may see another person's POSIX identity.");
        if (!await db.People.AnyAsync(p => p.Id == personId, ct))
            throw new NotFoundException("That person does not exist.");
        await EnsureAsync(personId, null, ct);
        return (await QueryViews(db.Set<PosixAccount>().Where(a => a.PersonId == personId)).ToListAsync(ct)).Select(ToView).Single();
    }

    /// <summary>The person's own POSIX identity if one was assigned already; null otherwise. Reads only (for pages, where a GET must not write).</summary>
    public async Task<PosixAccountView?> FindOwnAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return (await QueryViews(db.Set<PosixAccount>().Where(a => a.PersonId == actor.PersonId)).ToListAsync(ct)).Select(ToView).SingleOrDefault();
    }

    /// <summary>Every person's POSIX identity (platform admins), assigning the missing ones first, ordered by uid.</summary>
    public async Task<IReadOnlyList<PosixAccountView>> ExportAsync(Actor actor, CancellationToken ct)
    {
        RequireExporter(actor);
        await EnsureAllAsync(ct);
        return (await QueryViews(db.Set<PosixAccount>()).ToListAsync(ct)).Select(ToView).OrderBy(v => v.Uid).ToList();
    }

    /// <summary>Exports are for platform admins (operators' provisioning), checked before anything else is read.</summary>
    public static void RequireExporter(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may export POSIX identities.");
    }

    /// <summary>Assigns an identity to <paramref name="personId"/> unless it has one; <paramref name="claimValue"/> suggests the name.</summary>
    public async Task EnsureAsync(Guid personId, string? claimValue, CancellationToken ct)
    {
        if (await db.Set<PosixAccount>().AnyAsync(a => a.PersonId == personId, ct))
            return;
        await AssignAsync([(personId, claimValue)], ct);
    }

    /// <summary>Assigns identities to everyone who has none (one write for all of them).</summary>
    public async Task EnsureAllAsync(CancellationToken ct)
    {
        // A merged-away person (a tombstone) never gets a new uid.
        var missing = await db.People.Where(p => p.MergedIntoId == null && !db.Set<PosixAccount>().Any(a => a.PersonId == p.Id))
            .Select(p => p.Id).ToListAsync(ct);
        if (missing.Count > 0)
            await AssignAsync(missing.Select(id => (id, (string?)null)).ToList(), ct);
    }

    private async Task AssignAsync(IReadOnlyList<(Guid PersonId, string? Claim)> people, CancellationToken ct)
    {
        // Another replica may assign the same name or uid at the same moment: the unique indexes refuse one of us; retry.
        for (var attempt = 1; ; attempt++)
        {
            var taken = (await db.Set<PosixAccount>().AsNoTracking().Select(a => a.UserName).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var highest = await db.Set<PosixAccount>().MaxAsync(a => (int?)a.Uid, ct);
            var nextUid = Math.Max(_options.FirstUid, (highest ?? 0) + 1);
            var now = time.GetUtcNow().UtcDateTime;
            var added = new List<PosixAccount>();
            foreach (var (personId, claim) in people)
            {
                var uid = nextUid++;
                var fromClaim = PosixUserNames.FromClaim(claim);
                var name = PosixUserNames.MakeUnique(fromClaim ?? PosixUserNames.Assigned(_options.AssignedPrefix, uid), taken.Contains);
                taken.Add(name);
                var account = PosixAccount.Assign(personId, name, uid, fromClaim is null ? PosixNameSource.Assigned : PosixNameSource.Claim, now);
                db.Add(account);
                added.Add(account);
                audit.Record(null, "posix.assign", "person", personId.ToString(), null, after: new { account.UserName, account.Uid, source = account.Source.ToString() });
            }
            try
            {
                await db.SaveChangesAsync(ct);
                LogAssigned(logger, added.Count);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                var have = (await db.Set<PosixAccount>().Select(a => a.PersonId).ToListAsync(ct)).ToHashSet();
                people = people.Where(p => !have.Contains(p.PersonId)).ToList();
                if (people.Count == 0)
                    return;
            }
        }
    }

    private IQueryable<Row> QueryViews(IQueryable<PosixAccount> accounts) =>
        accounts.AsNoTracking().Join(db.People, a => a.PersonId, p => p.Id,
            (a, p) => new Row(a.PersonId, a, p.DisplayName, p.Email, p.Institution));

    private PosixAccountView ToView(Row r) =>
        new(r.PersonId, r.Account.UserName, r.Account.Uid, _options.PrimaryGid,
            _options.HomeDirectory.Replace("{user}", r.Account.UserName, StringComparison.Ordinal), _options.Shell,
            r.Account.Source == PosixNameSource.Claim ? "claim" : "assigned", r.Account.AssignedAt, r.DisplayName, r.Email, r.Institution);

    private sealed record Row(Guid PersonId, PosixAccount Account, string DisplayName, string Email, string Institution);

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned POSIX identities to {Count} people")]
    private static partial void LogAssigned(ILogger logger, int count);
}
