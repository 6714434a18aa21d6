using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Server.Audit;
using Nereid.Server.Auth;

namespace Nereid.Server.Accounts;

/// <summary>
/// A person edits their own display name and institution; a new email address takes effect only once a single-use link
/// mailed to it is used, so nobody can claim an address (and its notices and resets) they cannot read.
/// </summary>
internal sealed partial class ProfileEditService(NereidDbContext db, AuditLog audit, AccountLinks links, AccountMailer mailer,
    SessionCache cache, ILogger<ProfileEditService> logger, Institutions.InstitutionDirectory institutions)
{
    public async Task UpdateAsync(Actor actor, string? displayName, string? institution, CancellationToken ct)
    {
        var name = (displayName ?? "").Trim();
        var inst = (institution ?? "").Trim();
        var errors = new Dictionary<string, string[]>();
        if (name.Length is 0 or > Person.MaxDisplayNameLength)
            errors["displayName"] = [$"A display name has 1 to {Person.MaxDisplayNameLength} characters."];
        if (inst.Length > Person.MaxInstitutionLength)
            errors["institution"] = [$"An institution has at most {Person.MaxInstitutionLength} characters."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == actor.PersonId, ct) ?? throw new NotFoundException("You no longer exist here.");
        var before = new { displayName = person.DisplayName, institution = person.Institution };
        // Picked from the list, the institution is one of its names; other text is kept as typed, unlinked.
        var (institutionId, institutionName) = await institutions.ResolveAsync(inst, ct);
        person.DisplayName = name;
        person.SetInstitution(institutionId, institutionName);
        audit.Record(actor, "person.profile", "person", person.Id.ToString(), null, before, new { displayName = name, institution = institutionName, institutionId });
        await db.SaveChangesAsync(ct);
        // The display name travels in the cached actor.
        cache.InvalidatePerson(person.Id);
    }

    /// <summary>Mails a confirmation link to <paramref name="newEmail"/>; the address on the profile stays until it is used.</summary>
    public async Task RequestEmailChangeAsync(Actor actor, string? newEmail, CancellationToken ct)
    {
        var mail = (newEmail ?? "").Trim();
        if (mail.Length is 0 or > Person.MaxEmailLength || Policies.NoticeMailer.ParseRecipient(mail) is null)
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["email"] = ["That is not an email address."] });
        if (!mailer.IsConfigured)
            throw new PreconditionFailedException($"Email changes need mail to be set up (missing: {mailer.MissingSettings}); ask a platform admin.");
        var normalized = mail.ToLowerInvariant();
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == actor.PersonId, ct) ?? throw new NotFoundException("You no longer exist here.");
        if (person.NormalizedEmail == normalized)
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["email"] = ["That is already your address."] });
        if (await db.People.AnyAsync(p => p.NormalizedEmail == normalized && p.Id != person.Id, ct))
            throw new ConflictException("Someone already uses that email address.");
        var secret = links.Create(person.Id, AccountLink.EmailChange, mail);
        audit.Record(actor, "person.email-change-request", "person", person.Id.ToString(), null, after: new { email = mail });
        await db.SaveChangesAsync(ct);
        var body = $"""
            {person.DisplayName} asked to use this address for their Nereid account.
            To confirm, open this link within {links.Lifetime.TotalMinutes:0} minutes. It works once:

            {mailer.LinkTo("/confirm-email?token=" + secret)}

            If this was not you, ignore this mail; nothing changes.
            """;
        try
        {
            await mailer.SendAsync(mail, "Confirm your new Nereid email address", body, ct);
        }
        catch (Exception ex) when (Policies.NoticeMailer.IsDeliveryFailure(ex))
        {
            LogMailFailed(logger, person.Id, ex.Message);
            throw new PreconditionFailedException("The confirmation mail could not be sent; try again later.");
        }
    }

    /// <summary>Whether <paramref name="secret"/> is an email-change link that still works, and the address it confirms.</summary>
    public async Task<string?> PendingAddressAsync(string? secret, CancellationToken ct) =>
        (await links.FindUsableAsync(secret, AccountLink.EmailChange, ct))?.NewEmail;

    /// <summary>Sets the confirmed address and spends the link. Returns the address, or null when the link does not work.</summary>
    public async Task<string?> ConfirmEmailAsync(string? secret, CancellationToken ct)
    {
        var link = await links.FindUsableAsync(secret, AccountLink.EmailChange, ct);
        if (link?.NewEmail is not { } mail)
            return null;
        var normalized = mail.ToLowerInvariant();
        if (await db.People.AnyAsync(p => p.NormalizedEmail == normalized && p.Id != link.PersonId, ct))
            throw new ConflictException("Someone else started using that email address meanwhile.");
        var person = await db.People.FirstAsync(p => p.Id == link.PersonId, ct);
        var before = person.Email;
        person.SetEmail(mail);
        await links.UseAsync(link, ct);
        audit.Record(new Actor(person.Id, person.DisplayName, person.Tier), "person.email-change", "person", person.Id.ToString(), null,
            new { email = before }, new { email = mail });
        await db.SaveChangesAsync(ct);
        return mail;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email confirmation mail for person {PersonId} could not be sent: {Reason}")]
    private static partial void LogMailFailed(ILogger logger, Guid personId, string reason);
}
