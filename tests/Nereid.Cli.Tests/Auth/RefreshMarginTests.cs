using Nereid.Cli.Auth;

namespace Nereid.Cli.Tests.Auth;

public sealed class RefreshMarginTests
{
    [Theory]
    [InlineData(30, 7.5)]
    [InlineData(120, 30)]
    [InlineData(240, 60)]
    [InlineData(3600, 60)]
    public void RefreshMargin_KnownLifetime_QuarterOfItAtMostAMinute(long lifetimeSeconds, double expectedSeconds)
    {
        const long issuedAt = 1_800_000_000;
        AuthTokenCommand.RefreshMargin(issuedAt, issuedAt + lifetimeSeconds).ShouldBe(TimeSpan.FromSeconds(expectedSeconds));
    }

    [Theory]
    [InlineData(0, 1_800_000_030)]
    [InlineData(1_800_000_030, 1_800_000_000)]
    public void RefreshMargin_UnknownOrNonsenseLifetime_LongestMargin(long issuedAt, long expiresAt) =>
        AuthTokenCommand.RefreshMargin(issuedAt, expiresAt).ShouldBe(AuthTokenCommand.MaxRefreshMargin);
}
