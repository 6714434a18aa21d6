using Nereid.Domain.People;

namespace Nereid.Domain.Tests.People;

public sealed class PersonTests
{
    [Fact]
    public void ChangeTier_Promotion_SetsTierAndKeepsSessions()
    {
        var person = new Person { DisplayName = "Ada", Tier = Tier.User };
        var stamp = person.SecurityStamp;

        person.ChangeTier(Tier.Admin);

        person.Tier.ShouldBe(Tier.Admin);
        person.SecurityStamp.ShouldBe(stamp);
    }

    [Fact]
    public void ChangeTier_Demotion_SetsTierAndNewSecurityStamp()
    {
        var person = new Person { DisplayName = "Ada", Tier = Tier.Admin };
        var stamp = person.SecurityStamp;

        person.ChangeTier(Tier.User);

        person.Tier.ShouldBe(Tier.User);
        person.SecurityStamp.ShouldNotBe(stamp);
    }
}
