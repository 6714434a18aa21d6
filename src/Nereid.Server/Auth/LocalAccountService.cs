using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.People;

namespace Nereid.Server.Auth;

/// <summary>Local username/password accounts: sign-up (as guest), password check with lockout, creation by platform admins.</summary>
internal sealed partial class LocalAccountService(NereidDbContext db, Audit.AuditLog audit, TimeProvider time, IOptions<AuthOptions> options,
    IPasswordHashing hasher, ILogger<LocalAccountService> logger)
{
    /// <summary>What anonymous sign-up hears when the user name or email is in use: no more than that it cannot be used.</summary>
    public const string UnavailableMessage = "That user name or email address cannot be used; choose another, or sign in if the account is yours.";

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
        var nameTaken = await db.LocalAccounts.AnyAsync(a => a.NormalizedUserName == user.ToLowerInvariant(), ct);
        var mailTaken = mail.Length > 0 && await db.People.AnyAsync(p => p.NormalizedEmail == mail.ToLowerInvariant(), ct);
        if ((nameTaken || mailTaken) && actor is null)
        {
            // Anonymous sign-up: the same hashing work as a success and one sentence for both cases, so the answer
            // says no more than what is unavoidable (this pair cannot be registered).
            hasher.Hash(new LocalAccount(), password!);
            throw new ConflictException(UnavailableMessage);
        }
        if (nameTaken)
            throw new ConflictException($"The user name '{user}' is taken.");
        if (mailTaken)
            throw new ConflictException("Someone already uses that email address.");

        var now = time.GetUtcNow().UtcDateTime;
        var person = new Person { DisplayName = name, Tier = tier, CreatedAt = now };
        person.SetEmail(mail);
        var account = new LocalAccount { PersonId = person.Id, UserName = user, NormalizedUserName = user.ToLowerInvariant(), CreatedAt = now };
        account.PasswordHash = hasher.Hash(account, password!);
        db.People.Add(person);
        db.LocalAccounts.Add(account);
        var creator = actor ?? new Actor(person.Id, name, tier);
        audit.Record(creator, "person.create", "person", person.Id.ToString(), null, after: new { userName = user, displayName = name, tier = tier.ToWire() });
        await db.SaveChangesAsync(ct);
        return person;
    }

    /// <summary>
    /// Checks a password. Returns the person, or null with the same answer for unknown users, locked accounts and wrong
    /// passwords — after the same work in every case, so timing tells them apart no better: one read of the account,
    /// exactly one hash verification (a fixed dummy hash when there is no usable account) and one failed-attempt update
    /// statement, which moves the counter only of an existing, unlocked account.
    /// </summary>
    public async Task<Person?> CheckPasswordAsync(string? userName, string? password, CancellationToken ct)
    {
        var user = (userName ?? "").Trim().ToLowerInvariant();
        var account = await db.LocalAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.NormalizedUserName == user, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var usable = account is not null && !(account.LockedUntil > now) && !string.IsNullOrEmpty(password);
        var result = usable
            ? hasher.Verify(account!, account!.PasswordHash, password!)
            : hasher.Verify(new LocalAccount(), hasher.NoAccountHash, password ?? "");
        if (account is null || !usable || result == PasswordVerificationResult.Failed)
        {
            await CountFailureAsync(user, now, ct);
            LogRefused(logger, account is null ? "no such account" : account.LockedUntil > now ? "account locked" : "wrong password");
            return null;
        }
        var rehash = result == PasswordVerificationResult.SuccessRehashNeeded ? hasher.Hash(account, password!) : account.PasswordHash;
        await db.LocalAccounts.Where(a => a.PersonId == account.PersonId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.FailedAttempts, 0)
            .SetProperty(a => a.LockedUntil, (DateTime?)null)
            .SetProperty(a => a.PasswordHash, rehash), ct);
        return await db.People.FirstAsync(p => p.Id == account.PersonId, ct);
    }

    /// <summary>
    /// One atomic statement for every refused attempt, whatever the name: it counts a failure of an existing unlocked
    /// account (locking it at <see cref="AuthOptions.MaxFailedAttempts"/>) and matches no row for an unknown name or a
    /// locked account, so all three pay the same round trip. Atomic, so concurrent guesses are all counted.
    /// </summary>
    private async Task CountFailureAsync(string normalizedUserName, DateTime now, CancellationToken ct)
    {
        var max = options.Value.MaxFailedAttempts;
        DateTime? lockedUntil = now + options.Value.LockoutDuration;
        await db.LocalAccounts
            .Where(a => a.NormalizedUserName == normalizedUserName && (a.LockedUntil == null || a.LockedUntil <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.LockedUntil, a => a.FailedAttempts + 1 >= max ? lockedUntil : a.LockedUntil)
                .SetProperty(a => a.FailedAttempts, a => a.FailedAttempts + 1 >= max ? 0 : a.FailedAttempts + 1), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Password sign-in refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
