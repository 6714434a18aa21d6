using Nereid.Domain.Errors;
using Nereid.Domain.People;

namespace Nereid.Domain.Tests;

public sealed class TierNamesTests
{
    [Theory]
    [InlineData(Tier.Guest, "guest")]
    [InlineData(Tier.User, "user")]
    [InlineData(Tier.Admin, "admin")]
    [InlineData(Tier.PlatformAdmin, "platform-admin")]
    public void ToWire_ParseRoundTrip(Tier tier, string wire)
    {
        tier.ToWire().ShouldBe(wire);
        TierNames.Parse(wire).ShouldBe(tier);
    }

    [Fact]
    public void Parse_Unknown_ValidationError() => Should.Throw<ValidationFailedException>(() => TierNames.Parse("root"));

    [Fact]
    public void Tiers_AreOrdered() => (Tier.Guest < Tier.User && Tier.User < Tier.Admin && Tier.Admin < Tier.PlatformAdmin).ShouldBeTrue();
}
