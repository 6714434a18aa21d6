namespace Nereid.Domain.Namespaces;

/// <summary>Role inside one namespace, independent of the person's global tier.</summary>
public enum MembershipRole
{
    Member = 0,
    Admin = 1,
}

public static class MembershipRoleNames
{
    public static string ToWire(this MembershipRole role) => role == MembershipRole.Admin ? "admin" : "member";

    public static MembershipRole Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "member" => MembershipRole.Member,
        "admin" => MembershipRole.Admin,
        _ => throw Errors.ValidationFailedException.For("role", $"'{value}' is not a role; use member or admin."),
    };
}
