using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using OidcIdentity = Nereid.Identity.Oidc.ExternalIdentity;

namespace Nereid.Server.Identity;

/// <summary>A sign-in method as the profile page lists it.</summary>
internal sealed record LinkedIdentityView(Guid Id, string Issuer, string Subject, string IdpName, string Email, DateTime LinkedAt, DateTime? LastLoginAt);

/// <summary>
/// Maps provider identities (issuer, subject) to people: first login creates a guest, later logins re-sync the
/// provider's claims, signed-in people link and unlink further providers. Every change is audited.
/// </summary>
internal sealed partial class ExternalLoginService(NereidDbContext db, AuditLog audit, TimeProvider time, SessionCache cache, ILogger<ExternalLoginService> logger,
    Posix.PosixIdentityService posix, Microsoft.Extensions.Options.IOptions<Posix.PosixOptions> posixOptions, Institutions.InstitutionSignIn institutions)
{
    /// <summary>The person behind (issuer, subject), or null when nobody has signed in with it yet.</summary>
    public async Task<Person?> FindAsync(string issuer, string subject, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(subject);
        return await db.ExternalIdentities.AsNoTracking().Where(e => e.Issuer == issuer && e.Subject == subject)
            .Join(db.People, e => e.PersonId, p => p.Id, (_, p) => p).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// The person who signs in with <paramref name="external"/>: a new guest on first login, otherwise the linked
    /// person with name, email, institution and provider details refreshed from the claims of this login.
    /// </summary>
    public async Task<Person> SignInAsync(OidcIdentity external, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(external);
        var now = time.GetUtcNow().UtcDateTime;
        var identity = await db.ExternalIdentities.FirstOrDefaultAsync(e => e.Issuer == external.Issuer && e.Subject == external.Subject, ct);
        Person person;
        if (identity is null)
        {
            person = new Person { CreatedAt = now, Tier = Tier.Guest };
            ApplyClaims(person, external);
            await ApplyInstitutionAsync(person, external, now, ct);
            identity = new ExternalIdentity { PersonId = person.Id, Issuer = external.Issuer, Subject = external.Subject, LinkedAt = now };
            db.People.Add(person);
            db.ExternalIdentities.Add(identity);
            var actor = new Actor(person.Id, person.DisplayName, person.Tier);
            audit.Record(actor, "person.create", "person", person.Id.ToString(), null, after: new { person.DisplayName, person.Email, person.Institution, tier = "guest", via = external.Issuer });
            audit.Record(actor, "identity.link", "identity", identity.Id.ToString(), null, after: new { external.Issuer, external.Subject });
            LogCreated(logger, person.Id, external.Issuer);
        }
        else
        {
            person = await db.People.FirstAsync(p => p.Id == identity.PersonId, ct);
            ApplyClaims(person, external);
            await ApplyInstitutionAsync(person, external, now, ct);
        }
        ApplyClaims(identity, external, now);
        // The caller refuses a suspended person (or a tombstone) a session; the log must not claim they signed in.
        var method = external.IssuerName ?? external.Issuer;
        var refused = person.IsSuspended ? "suspended" : person.IsMerged ? "merged" : null;
        audit.Record(new Actor(person.Id, person.DisplayName, person.Tier), refused is null ? "login" : "login.refused", "person", person.Id.ToString(), null,
            after: refused is null ? new { method, external.Issuer } : new { method, external.Issuer, refused });
        await db.SaveChangesAsync(ct);
        // The first sign-in fixes the POSIX user name, from the configured claim when the provider sends a usable one.
        await posix.EnsureAsync(person.Id, external.Claims.GetValueOrDefault(posixOptions.Value.UserNameClaim), ct);
        // A bearer call that found nobody a moment ago must see this person now.
        cache.InvalidateIdentity(external.Issuer, external.Subject);
        return person;
    }

    /// <summary>Attaches <paramref name="external"/> to the signed-in person; refused when it already belongs to someone else.</summary>
    public async Task LinkAsync(Actor actor, OidcIdentity external, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(external);
        var now = time.GetUtcNow().UtcDateTime;
        var identity = await db.ExternalIdentities.FirstOrDefaultAsync(e => e.Issuer == external.Issuer && e.Subject == external.Subject, ct);
        if (identity is not null && identity.PersonId != actor.PersonId)
        {
            throw new ConflictException("This sign-in already belongs to another Nereid person, so it cannot be linked to you. " +
                "Sign in with it and unlink it there first, or ask a platform admin.");
        }
        if (identity is null)
        {
            identity = new ExternalIdentity { PersonId = actor.PersonId, Issuer = external.Issuer, Subject = external.Subject, LinkedAt = now };
            db.ExternalIdentities.Add(identity);
            audit.Record(actor, "identity.link", "identity", identity.Id.ToString(), null, after: new { external.Issuer, external.Subject });
        }
        ApplyClaims(identity, external, now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes one of the actor's identities, keeping at least one way to sign in (another identity or a local account).</summary>
    public async Task UnlinkAsync(Actor actor, Guid identityId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var identity = await db.ExternalIdentities.FirstOrDefaultAsync(e => e.Id == identityId && e.PersonId == actor.PersonId, ct)
            ?? throw new NotFoundException("You have no such linked sign-in method.");
        var others = await db.ExternalIdentities.CountAsync(e => e.PersonId == actor.PersonId && e.Id != identityId, ct);
        var hasPassword = await db.LocalAccounts.AnyAsync(a => a.PersonId == actor.PersonId, ct);
        if (others == 0 && !hasPassword)
        {
            throw new ConflictException("This is your only way to sign in. Link another provider first, then unlink this one.");
        }
        db.ExternalIdentities.Remove(identity);
        audit.Record(actor, "identity.unlink", "identity", identity.Id.ToString(), null, before: new { identity.Issuer, identity.Subject });
        await db.SaveChangesAsync(ct);
        cache.InvalidateIdentity(identity.Issuer, identity.Subject);
    }

    /// <summary>
    /// The existing person a first sign-in with <paramref name="external"/> should be offered to link to: someone else
    /// whose email equals the provider's <em>verified</em> email. Null when the identity is known already, the email is
    /// unverified or nobody matches. Never links: the offer is to sign in with the existing account and link from there.
    /// </summary>
    public async Task<Person?> LinkCandidateAsync(OidcIdentity external, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(external);
        if (!external.EmailVerified || string.IsNullOrWhiteSpace(external.Email))
            return null;
        if (await db.ExternalIdentities.AnyAsync(e => e.Issuer == external.Issuer && e.Subject == external.Subject, ct))
            return null;
        var email = external.Email.Trim().ToLowerInvariant();
        return await db.People.AsNoTracking().Where(p => p.NormalizedEmail == email && p.MergedIntoId == null)
            .OrderBy(p => p.CreatedAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// A platform admin removes one of a person's linked sign-ins (e.g. before a merge, or a lost account), refused when
    /// it is the person's last way to sign in. Audited; a bearer or session cached for it is dropped.
    /// </summary>
    public async Task AdminUnlinkAsync(Actor actor, Guid personId, Guid identityId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may unlink another person's sign-in.");
        var identity = await db.ExternalIdentities.FirstOrDefaultAsync(e => e.Id == identityId && e.PersonId == personId, ct)
            ?? throw new NotFoundException("That person has no such linked sign-in.");
        var others = await db.ExternalIdentities.CountAsync(e => e.PersonId == personId && e.Id != identityId, ct);
        if (others == 0 && !await db.LocalAccounts.AnyAsync(a => a.PersonId == personId, ct))
            throw new ConflictException("This is the person's only way to sign in; link or create another first (or merge them into someone).");
        db.ExternalIdentities.Remove(identity);
        audit.Record(actor, "identity.unlink", "identity", identity.Id.ToString(), null,
            before: new { person = personId, identity.Issuer, identity.Subject }, after: new { by = "platform-admin" });
        await db.SaveChangesAsync(ct);
        cache.InvalidateIdentity(identity.Issuer, identity.Subject);
        cache.InvalidatePerson(personId);
    }

    /// <summary>The actor's identities, oldest link first.</summary>
    public async Task<IReadOnlyList<LinkedIdentityView>> ListAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = await db.ExternalIdentities.AsNoTracking().Where(e => e.PersonId == actor.PersonId).ToListAsync(ct);
        return rows.OrderBy(e => e.LinkedAt)
            .Select(e => new LinkedIdentityView(e.Id, e.Issuer, e.Subject, e.IdpName, e.Email, e.LinkedAt, e.LastLoginAt)).ToList();
    }

    /// <summary>Whether the actor has a password account (shown next to the identities on the profile page).</summary>
    public Task<bool> HasLocalAccountAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return db.LocalAccounts.AnyAsync(a => a.PersonId == actor.PersonId, ct);
    }

    private static void ApplyClaims(Person person, OidcIdentity external)
    {
        var name = external.DisplayName ?? string.Join(' ', new[] { external.GivenName, external.FamilyName }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (string.IsNullOrWhiteSpace(name))
            name = external.Email ?? (person.DisplayName.Length > 0 ? person.DisplayName : external.Subject);
        person.DisplayName = Truncate(name.Trim(), Person.MaxDisplayNameLength);
        if (!string.IsNullOrWhiteSpace(external.Email))
            person.SetEmail(Truncate(external.Email, Person.MaxEmailLength));
        // idp_name is the campus ("UC San Diego"); affiliation ("faculty@ucsd.edu") is the fallback when the IdP gives none.
        var institution = external.IdpName ?? InstitutionFromAffiliation(external.Affiliation);
        if (!string.IsNullOrWhiteSpace(institution))
            person.Institution = Truncate(institution, Person.MaxInstitutionLength);
    }

    /// <summary>
    /// Links the person to the institution the sign-in names (see <see cref="Institutions.InstitutionSignIn"/>); an
    /// institution this sign-in creates is audited as the signing-in person's doing. Text that names none stays as set above.
    /// </summary>
    private async Task ApplyInstitutionAsync(Person person, OidcIdentity external, DateTime now, CancellationToken ct)
    {
        if (await institutions.ForAsync(external.Idp, external.IdpName, person.Institution, now, ct) is not { } found)
        {
            // The claims named an institution the list does not know: the text set from them stands alone.
            if (!string.IsNullOrWhiteSpace(external.IdpName) || !string.IsNullOrWhiteSpace(external.Affiliation))
                person.SetInstitution(null, person.Institution);
            return;
        }
        person.SetInstitution(found.Institution.Id, found.Institution.Name);
        if (found.Created)
            audit.Record(new Actor(person.Id, person.DisplayName, person.Tier), "institution.create", "institution", found.Institution.Id.ToString(), null,
                after: Institutions.InstitutionView.Of(found.Institution));
    }

    private static void ApplyClaims(ExternalIdentity identity, OidcIdentity external, DateTime now)
    {
        identity.Idp = Truncate(external.Idp ?? "", 400);
        identity.IdpName = Truncate(external.IdpName ?? "", 200);
        identity.Email = Truncate(external.Email ?? "", 320);
        identity.LastLoginAt = now;
    }

    private static string? InstitutionFromAffiliation(string? affiliation)
    {
        if (string.IsNullOrWhiteSpace(affiliation))
            return null;
        var first = affiliation.Split([';', ' '], StringSplitOptions.RemoveEmptyEntries)[0];
        var at = first.IndexOf('@', StringComparison.Ordinal);
        return at >= 0 && at < first.Length - 1 ? first[(at + 1)..] : first;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Created guest {PersonId} at first login through {Issuer}")]
    private static partial void LogCreated(ILogger logger, Guid personId, string issuer);
}
