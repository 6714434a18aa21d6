namespace Nereid.Domain.People;

/// <summary>A human who uses the platform, whatever identity providers they sign in with.</summary>
public sealed class Person
{
    public const int MaxDisplayNameLength = 200;

    private Tier _tier = Tier.Guest;
    public const int MaxEmailLength = 320;
    public const int MaxInstitutionLength = 200;

    public Guid Id { get; set; } = Guid.NewGuid();
    public string DisplayName { get; set; } = "";
    public string Email { get; set; } = "";
    /// <summary>Lower-cased email, unique when not empty; used for lookups.</summary>
    public string NormalizedEmail { get; set; } = "";
    /// <summary>The institution's name as pages show it; kept as typed when it matched no institution (<see cref="InstitutionId"/> null).</summary>
    public string Institution { get; set; } = "";
    /// <summary>The institution row (M0023) the person belongs to; null when none matched.</summary>
    public Guid? InstitutionId { get; private set; }
    public Tier Tier { get => _tier; init => _tier = value; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSeenAt { get; set; }
    /// <summary>Changes whenever sessions must end (tier change, logout everywhere); sessions carry the stamp they were issued with.</summary>
    public string SecurityStamp { get; private set; } = NewStamp();

    /// <summary>When a platform admin suspended the person; null while active. Suspended people cannot sign in or use tokens.</summary>
    public DateTime? SuspendedAt { get; private set; }
    public string SuspensionReason { get; private set; } = "";
    public const int MaxSuspensionReasonLength = 1000;
    public bool IsSuspended => SuspendedAt is not null;

    /// <summary>
    /// Set when a platform admin merged this person into another: the row stays as a tombstone (so old audit entries
    /// still resolve) pointing at the survivor, and can no longer sign in.
    /// </summary>
    public Guid? MergedIntoId { get; private set; }
    public DateTime? MergedAt { get; private set; }
    public bool IsMerged => MergedIntoId is not null;

    /// <summary>Identities from external providers (issuer + subject); several per person once linked.</summary>
    public List<ExternalIdentity> ExternalIdentities { get; set; } = [];

    /// <summary>
    /// Moves the person to <paramref name="tier"/>. A lower tier ends their sessions (a new stamp) so lost rights go at
    /// once; a higher one keeps them signed in (every request re-reads the tier), so a promotion never signs anyone out.
    /// </summary>
    public void ChangeTier(Tier tier)
    {
        if (tier < _tier)
            SecurityStamp = NewStamp();
        _tier = tier;
    }

    /// <summary>Ends every session of the person (a new stamp), e.g. after a password reset.</summary>
    public void EndSessions() => SecurityStamp = NewStamp();

    /// <summary>
    /// Suspends the person: sessions, tokens and namespace roles stop working while it lasts. Nothing is deleted or
    /// revoked, so <see cref="Reinstate"/> restores exactly what they had.
    /// </summary>
    public void Suspend(string reason, DateTime at)
    {
        var trimmed = (reason ?? "").Trim();
        if (trimmed.Length == 0)
            throw Errors.ValidationFailedException.For("reason", "A reason is required to suspend a person.");
        if (trimmed.Length > MaxSuspensionReasonLength)
            throw Errors.ValidationFailedException.For("reason", $"The reason must be at most {MaxSuspensionReasonLength} characters.");
        SuspendedAt = at;
        SuspensionReason = trimmed;
    }

    /// <summary>Ends a suspension; the person's sessions, tokens and memberships work again as before.</summary>
    public void Reinstate()
    {
        SuspendedAt = null;
        SuspensionReason = "";
    }

    /// <summary>
    /// Leaves this person as a tombstone of a merge into <paramref name="survivorId"/>: every session ends (a new stamp)
    /// and the person can no longer sign in. What they held has been moved by the caller in the same unit of work.
    /// </summary>
    public void MarkMergedInto(Guid survivorId, DateTime at)
    {
        if (survivorId == Id)
            throw new ArgumentException("A person cannot be merged into themselves.", nameof(survivorId));
        if (IsMerged)
            throw new Errors.ConflictException("That person was already merged into someone else.");
        MergedIntoId = survivorId;
        MergedAt = at;
        EndSessions();
    }

    /// <summary>Belongs to the institution <paramref name="id"/> named <paramref name="name"/>, or (id null) keeps <paramref name="name"/> as free text.</summary>
    public void SetInstitution(Guid? id, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        InstitutionId = id;
        Institution = name;
    }

    public static string NewStamp() => Guid.NewGuid().ToString("N");

    public void SetEmail(string email)
    {
        Email = email.Trim();
        NormalizedEmail = Email.ToLowerInvariant();
    }
}
