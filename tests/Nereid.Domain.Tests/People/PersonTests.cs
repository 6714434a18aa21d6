using Nereid.Domain.People;

namespace Nereid.Domain.Tests.People;

public sealed class PersonTests
{
    [Fact]
    public void ChangeTier_NewTier_SetsTierAndNewSecurityStamp()
    {
        var person = new Person { DisplayName = "Ada", Tier = Tier.User };
        var stamp = person.SecurityStamp;

        person.ChangeTier(Tier.Admin);

        person.Tier.ShouldBe(Tier.Admin);
        person.SecurityStamp.ShouldNotBe(stamp);
    }
}
