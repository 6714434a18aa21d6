namespace Nereid.Server.People;

/// <summary>A person as platform admins (and the person themself) see them.</summary>
internal sealed record PersonView(Guid Id, string DisplayName, string Email, string Institution, string Tier, DateTime CreatedAt,
    DateTime? LastSeenAt, IReadOnlyList<IdentityView> Identities, DateTime? SuspendedAt = null, string? SuspensionReason = null,
    Guid? MergedIntoId = null, DateTime? MergedAt = null)
{
    /// <summary>The local account's user name, else the POSIX user name; null when the person has neither (listing only).</summary>
    public string? UserName { get; init; }
}

/// <summary>One linked sign-in method.</summary>
internal sealed record IdentityView(string Issuer, string Subject, string IdpName, DateTime LinkedAt, DateTime? LastLoginAt, Guid Id);

/// <summary>A tier promotion request.</summary>
internal sealed record TierRequestView(Guid Id, Guid PersonId, string DisplayName, string Email, string RequestedTier, string CurrentTier,
    string Reason, string State, DateTime CreatedAt, string DecisionReason);

/// <summary>A membership as shown on the profile page.</summary>
internal sealed record MyMembershipView(string Namespace, string Role, string Institution);
