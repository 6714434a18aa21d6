using System.ComponentModel.DataAnnotations;
using Nereid.Domain.People;
using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

public sealed class SlurmOptionsTests
{
    private static List<ValidationResult> Validate(SlurmOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(20, 60)]
    [InlineData(40, 120)]
    [InlineData(360, 1080)]
    public void DelayAfter_RoundOfSeconds_WaitsTheIntervalOrThreeTimesTheRound(int roundSeconds, int delaySeconds)
    {
        var options = new SlurmOptions { ResyncInterval = TimeSpan.FromMinutes(1) };

        options.DelayAfter(TimeSpan.FromSeconds(roundSeconds)).ShouldBe(TimeSpan.FromSeconds(delaySeconds));
    }

    [Fact]
    public void MaxDutyCycle_OutsideRange_Refused()
    {
        Validate(new SlurmOptions { MaxDutyCycle = 0 }).ShouldHaveSingleItem().MemberNames.ShouldBe([nameof(SlurmOptions.MaxDutyCycle)]);
        Validate(new SlurmOptions { MaxDutyCycle = 1.5 }).ShouldHaveSingleItem().MemberNames.ShouldBe([nameof(SlurmOptions.MaxDutyCycle)]);
        new SlurmOptions { MaxDutyCycle = 1 }.DelayAfter(TimeSpan.FromHours(1)).ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void QosFor_TierMapped_ThatQosElseNone()
    {
        var options = new SlurmOptions { TierQos = new() { ["Admin"] = "gold", ["User"] = "normal" } };

        options.QosFor(Tier.Admin).ShouldBe(["gold"]);
        options.QosFor(Tier.User).ShouldBe(["normal"]);
        options.QosFor(Tier.PlatformAdmin).ShouldBeEmpty();
        Validate(options).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Researcher", "gold", "is not a tier")]
    [InlineData("2", "gold", "is not a tier")]
    [InlineData("admin", "gold", "is not a tier")]
    [InlineData("Admin", "gold,silver", "is not a QOS name")]
    [InlineData("Admin", " ", "is not a QOS name")]
    public void Validate_BadTierOrQos_Refused(string tier, string qos, string message)
    {
        var results = Validate(new SlurmOptions { TierQos = new() { [tier] = qos } });

        results.ShouldHaveSingleItem().ErrorMessage!.ShouldContain(message);
    }
}
