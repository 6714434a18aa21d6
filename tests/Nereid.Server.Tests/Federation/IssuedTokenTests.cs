using Nereid.Server.Federation;

namespace Nereid.Server.Tests.Federation;

public sealed class IssuedTokenTests
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly IssuedToken Token = new("t", Issued, Issued.AddHours(1));

    [Fact]
    public void NeedsRotation_EarlyInLifetime_False() => Token.NeedsRotation(Issued.AddMinutes(47)).ShouldBeFalse();

    [Fact]
    public void NeedsRotation_AtEightyPercent_True() => Token.NeedsRotation(Issued.AddMinutes(48)).ShouldBeTrue();

    [Fact]
    public void NeedsRotation_Expired_True() => Token.NeedsRotation(Issued.AddHours(2)).ShouldBeTrue();

    [Fact]
    public void NeedsRotation_ServerShortenedLifetime_FollowsGrantedExpiry()
    {
        var shortened = Token with { ExpiresAt = Issued.AddMinutes(10) };

        shortened.NeedsRotation(Issued.AddMinutes(7)).ShouldBeFalse();
        shortened.NeedsRotation(Issued.AddMinutes(8)).ShouldBeTrue();
    }
}
