using Nereid.Domain.People;

namespace Nereid.Server.Auth;

/// <summary>The signed-in person making a request, as every service sees them. Null actor = anonymous.</summary>
internal sealed record Actor(Guid PersonId, string DisplayName, Tier Tier)
{
    public bool IsPlatformAdmin => Tier == Tier.PlatformAdmin;
    public bool AtLeast(Tier tier) => Tier >= tier;
}
