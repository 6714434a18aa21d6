using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.People;

namespace Nereid.Server.Auth;

/// <summary>Local username/password accounts: sign-up (as guest), password check with lockout, creation by platform admins.</summary>
public sealed partial class LocalAccountService(NereidDbContext db, Audit.AuditLog audit, TimeProvider time, IOptions<AuthOptions> options,
    ILogger<LocalAccountService> logger)
{
    private static readonly PasswordHasher<LocalAccount> Hasher = new();

    public async Task<Person> CreateAsync(Actor? actor, string? userName, string? password, string? displayName, string? email, Tier tier, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var user = (userName ?? "").Trim();
        if (!System.Text.RegularExpressions.Regex.IsMatch(user, "^[a-zA-Z0-9._-]{3,64}$"))
            errors["userName"] = ["A user name has 3 to 64 characters: letters, digits, '.', '_' or '-'."];
        if ((password ?? "").Length < options.Value.MinPasswordLength)
            errors["password"] = [$"A password has at least {options.Value.MinPasswordLength} characters."];
        else if (password!.Length > 256)
            errors["password"] = ["A password has at most 256 characters."];
        var name = (displayName ?? "").Trim();
        if (name.Length is 0 or > Person.MaxDisplayNameLength)
            errors["displayName"] = [$"A display name has 1 to {Person.MaxDisplayNameLength} characters."];
        var mail = (email ?? "").Trim();
        if (mail.Length > 0 && (mail.Length > Person.MaxEmailLength || !System.Net.Mail.MailAddress.TryCreate(mail, out _)))
            errors["email"] = ["That is not an email address."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        if (await db.LocalAccounts.AnyAsync(a => a.NormalizedUserName == user.ToLowerInvariant(), ct))
            throw new ConflictException($"The user name '{user}' is taken.");
        if (mail.Length > 0 && await db.People.AnyAsync(p => p.NormalizedEmail == mail.ToLowerInvariant(), ct))
            throw new ConflictException("Someone already uses that email address.");

        var now = time.GetUtcNow().UtcDateTime;
        var person = new Person { DisplayName = name, Tier = tier, CreatedAt = now };
        person.SetEmail(mail);
        var account = new LocalAccount { PersonId = person.Id, UserName = user, NormalizedUserName = user.ToLowerInvariant(), CreatedAt = now };
        account.PasswordHash = Hasher.HashPassword(account, password!);
        db.People.Add(person);
        db.LocalAccounts.Add(account);
        var creator = actor ?? new Actor(person.Id, name, tier);
        audit.Record(creator, "person.create", "person", person.Id.ToString(), null, after: new { userName = user, displayName = name, tier = tier.ToWire() });
        await db.SaveChangesAsync(ct);
        return person;
    }

    /// <summary>Checks a password. Returns the person, or null with the same answer for unknown users and wrong passwords.</summary>
    public async Task<Person?> CheckPasswordAsync(string? userName, string? password, CancellationToken ct)
    {
        var user = (userName ?? "").Trim().ToLowerInvariant();
        var account = await db.LocalAccounts.FirstOrDefaultAsync(a => a.NormalizedUserName == user, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (account is null || string.IsNullOrEmpty(password))
            return null;
        if (account.LockedUntil > now)
        {
            LogLocked(logger, account.UserName);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            account.FailedAttempts++;
            if (account.FailedAttempts >= options.Value.MaxFailedAttempts)
            {
                account.LockedUntil = now + options.Value.LockoutDuration;
                account.FailedAttempts = 0;
            }
            await db.SaveChangesAsync(ct);
            return null;
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            account.PasswordHash = Hasher.HashPassword(account, password);
        account.FailedAttempts = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        return await db.People.FirstAsync(p => p.Id == account.PersonId, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused: local account {UserName} is locked")]
    private static partial void LogLocked(ILogger logger, string userName);
}
