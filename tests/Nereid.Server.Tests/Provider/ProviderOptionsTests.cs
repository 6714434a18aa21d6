using System.ComponentModel.DataAnnotations;
using Nereid.Server.Provider;

namespace Nereid.Server.Tests.Provider;

/// <summary>The key-rotation settings are refused at start when rotation could publish a key after it signs.</summary>
public sealed class ProviderOptionsTests
{
    private static List<ValidationResult> Validate(ProviderOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Validate_Defaults_Valid() => Validate(new ProviderOptions()).ShouldBeEmpty();

    [Fact]
    public void Validate_LeadTimeNotShorterThanInterval_RefusedOnLeadTime()
    {
        var results = Validate(new ProviderOptions { KeyRotationInterval = TimeSpan.FromHours(2), KeyRotationLeadTime = TimeSpan.FromHours(2) });

        results.ShouldHaveSingleItem().MemberNames.ShouldBe([nameof(ProviderOptions.KeyRotationLeadTime)]);
    }

    [Fact]
    public void Validate_RefreshSlowerThanHalfTheLeadTime_RefusedOnRefreshInterval()
    {
        var results = Validate(new ProviderOptions { KeyRotationLeadTime = TimeSpan.FromMinutes(10), KeyRotationRefreshInterval = TimeSpan.FromMinutes(6) });

        results.ShouldHaveSingleItem().MemberNames.ShouldBe([nameof(ProviderOptions.KeyRotationRefreshInterval)]);
    }

    [Fact]
    public void KeyRetention_LongestTokenLifetimePlusSkew()
    {
        var options = new ProviderOptions
        {
            AccessTokenLifetime = TimeSpan.FromMinutes(10), IdentityTokenLifetime = TimeSpan.FromMinutes(20),
            RefreshTokenLifetime = TimeSpan.FromHours(3), KeyRotationClockSkew = TimeSpan.FromMinutes(5),
        };

        options.KeyRetention.ShouldBe(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(5));
    }
}
