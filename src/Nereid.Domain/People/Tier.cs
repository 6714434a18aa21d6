namespace Nereid.Domain.People;

/// <summary>Global tier of a person. Order matters: a higher tier includes the rights of the lower ones.</summary>
public enum Tier
{
    /// <summary>Signed in, no cluster rights; may request promotion.</summary>
    Guest = 0,
    /// <summary>May join namespaces and use the cluster.</summary>
    User = 1,
    /// <summary>May also create namespaces.</summary>
    Admin = 2,
    /// <summary>Runs the platform: people, tiers, audit, clusters.</summary>
    PlatformAdmin = 3,
}

/// <summary>Wire names of tiers (`guest`, `user`, `admin`, `platform-admin`).</summary>
public static class TierNames
{
    public static string ToWire(this Tier tier) => tier switch
    {
        Tier.Guest => "guest",
        Tier.User => "user",
        Tier.Admin => "admin",
        Tier.PlatformAdmin => "platform-admin",
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    /// <summary>
    /// True when a person of this tier holds the roles of their namespace memberships. A guest holds none, whatever
    /// membership rows remain: the rows stay dormant and apply again if the person is promoted back.
    /// </summary>
    public static bool HoldsNamespaceRoles(this Tier tier) => tier != Tier.Guest;

    public static bool TryParse(string? value, out Tier tier)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "guest": tier = Tier.Guest; return true;
            case "user": tier = Tier.User; return true;
            case "admin": tier = Tier.Admin; return true;
            case "platform-admin": tier = Tier.PlatformAdmin; return true;
            default: tier = Tier.Guest; return false;
        }
    }

    public static Tier Parse(string? value, string field = "tier") =>
        TryParse(value, out var tier)
            ? tier
            : throw Errors.ValidationFailedException.For(field, $"'{value}' is not a tier; use guest, user, admin or platform-admin.");
}
