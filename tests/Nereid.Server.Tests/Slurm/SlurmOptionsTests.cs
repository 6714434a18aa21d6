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
