using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Server.Audit;
using Nereid.Server.Auth;

namespace Nereid.Server.Accounts;

/// <summary>
/// Passwords of local accounts: change (current password required) and reset through a mailed single-use link.
/// Asking for a reset answers the same whether or not the account exists, so it tells nobody who has an account here.
/// </summary>
internal sealed partial class PasswordService(NereidDbContext db, AuditLog audit, TimeProvider time, AccountLinks links, AccountMailer mailer,
    SessionCache cache, IOptions<AuthOptions> auth, IPasswordHashing hasher, ILogger<PasswordService> logger)
{
    /// <summary>Changes the signed-in person's password; their other sessions end, this one stays.</summary>
    public async Task ChangeAsync(Actor actor, Guid? currentSessionId, string? currentPassword, string? newPassword, CancellationToken ct)
    {
        var account = await db.LocalAccounts.FirstOrDefaultAsync(a => a.PersonId == actor.PersonId, ct)
            ?? throw new PreconditionFailedException("You sign in through an identity provider; change your password there.");
        if (string.IsNullOrEmpty(currentPassword)
            || hasher.Verify(account, account.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["currentPassword"] = ["That is not your current password."] });
        CheckNew(newPassword);
        account.PasswordHash = hasher.Hash(account, newPassword!);
        var now = time.GetUtcNow().UtcDateTime;
        await db.Sessions.Where(s => s.PersonId == actor.PersonId && s.RevokedAt == null && s.Id != currentSessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), ct);
        audit.Record(actor, "password.change", "person", actor.PersonId.ToString(), null);
        await db.SaveChangesAsync(ct);
        cache.InvalidatePerson(actor.PersonId);
    }

    /// <summary>
    /// Mails a reset link when <paramref name="login"/> is the user name or email of a local account with an address.
    /// Run in the background by <see cref="ResetMailSender"/> (the page only queues); a mail failure is logged.
    /// </summary>
    public async Task RequestResetAsync(string? login, CancellationToken ct)
    {
        var key = (login ?? "").Trim().ToLowerInvariant();
        if (key.Length is 0 or > Person.MaxEmailLength || !mailer.IsConfigured)
            return;
        var found = await db.LocalAccounts
            .Join(db.People, a => a.PersonId, p => p.Id, (a, p) => new { a.UserName, Person = p })
            .Where(x => x.UserName.ToLower() == key || x.Person.NormalizedEmail == key)
            .FirstOrDefaultAsync(ct);
        if (found is null || found.Person.Email.Length == 0)
            return;
        var secret = links.Create(found.Person.Id, AccountLink.PasswordReset);
        audit.Record(null, "password.reset-request", "person", found.Person.Id.ToString(), null);
        await db.SaveChangesAsync(ct);
        var lifetime = links.Lifetime;
        var body = $"""
            Someone (hopefully you) asked to reset the password of the Nereid account "{found.UserName}".
            To choose a new password, open this link within {lifetime.TotalMinutes:0} minutes. It works once:

            {mailer.LinkTo("/reset-password?token=" + secret)}

            If you did not ask for this, ignore this mail; your password stays as it is.
            """;
        try
        {
            await mailer.SendAsync(found.Person.Email, "Reset your Nereid password", body, ct);
        }
        catch (Exception ex) when (Policies.NoticeMailer.IsDeliveryFailure(ex))
        {
            LogMailFailed(logger, found.Person.Id, ex.Message);
        }
    }

    /// <summary>Whether <paramref name="secret"/> is a reset link that still works (for the page, before asking for a password).</summary>
    public async Task<bool> IsUsableAsync(string? secret, CancellationToken ct) =>
        await links.FindUsableAsync(secret, AccountLink.PasswordReset, ct) is not null;

    /// <summary>
    /// Sets a new password through a reset link, spends the link and ends every session of the person.
    /// Returns false when the link does not work (unknown, used or expired: one answer for all three).
    /// </summary>
    public async Task<bool> ResetAsync(string? secret, string? newPassword, CancellationToken ct)
    {
        var link = await links.FindUsableAsync(secret, AccountLink.PasswordReset, ct);
        if (link is null)
            return false;
        CheckNew(newPassword);
        var account = await db.LocalAccounts.FirstAsync(a => a.PersonId == link.PersonId, ct);
        var person = await db.People.FirstAsync(p => p.Id == link.PersonId, ct);
        account.PasswordHash = hasher.Hash(account, newPassword!);
        account.FailedAttempts = 0;
        account.LockedUntil = null;
        person.EndSessions();
        await links.UseAsync(link, ct);
        var now = time.GetUtcNow().UtcDateTime;
        await db.Sessions.Where(s => s.PersonId == person.Id && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), ct);
        audit.Record(new Actor(person.Id, person.DisplayName, person.Tier), "password.reset", "person", person.Id.ToString(), null);
        await db.SaveChangesAsync(ct);
        cache.InvalidatePerson(person.Id);
        return true;
    }

    private void CheckNew(string? password)
    {
        var min = auth.Value.MinPasswordLength;
        if ((password ?? "").Length < min)
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["newPassword"] = [$"A password has at least {min} characters."] });
        if (password!.Length > 256)
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["newPassword"] = ["A password has at most 256 characters."] });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password reset mail for person {PersonId} could not be sent: {Reason}")]
    private static partial void LogMailFailed(ILogger logger, Guid personId, string reason);
}
