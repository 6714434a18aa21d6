namespace Nereid.Server.People;

/// <summary>A person as platform admins (and the person themself) see them.</summary>
public sealed record PersonView(Guid Id, string DisplayName, string Email, string Institution, string Tier, DateTime CreatedAt,
    DateTime? LastSeenAt, IReadOnlyList<IdentityView> Identities, DateTime? SuspendedAt = null, string? SuspensionReason = null,
    Guid? MergedIntoId = null, DateTime? MergedAt = null);

/// <summary>One linked sign-in method.</summary>
public sealed record IdentityView(string Issuer, string Subject, string IdpName, DateTime LinkedAt, DateTime? LastLoginAt, Guid Id);

/// <summary>A tier promotion request.</summary>
public sealed record TierRequestView(Guid Id, Guid PersonId, string DisplayName, string Email, string RequestedTier, string CurrentTier,
    string Reason, string State, DateTime CreatedAt, string DecisionReason);

/// <summary>A membership as shown on the profile page.</summary>
public sealed record MyMembershipView(string Namespace, string Role, string Institution);
