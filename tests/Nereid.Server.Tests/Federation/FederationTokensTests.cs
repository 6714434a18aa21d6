using Microsoft.Extensions.Time.Testing;
using Nereid.Kubernetes.Models;
using Nereid.Server.Federation;

namespace Nereid.Server.Tests.Federation;

public sealed class FederationTokensTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private int _requests;

    private Func<CancellationToken, Task<TokenRequestStatus>> Issuer(TimeSpan lifetime) => _ =>
    {
        _requests++;
        return Task.FromResult(new TokenRequestStatus { Token = $"token-{_requests}", ExpirationTimestamp = _time.GetUtcNow() + lifetime });
    };

    [Fact]
    public async Task GetAsync_HeldTokenNotDue_ReusedWithoutRequest()
    {
        var tokens = new FederationTokens(_time);

        var first = await tokens.GetAsync("east", "astro", "nereid-source-west", Issuer(TimeSpan.FromHours(1)), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(30));
        var second = await tokens.GetAsync("east", "astro", "nereid-source-west", Issuer(TimeSpan.FromHours(1)), CancellationToken.None);

        second.ShouldBe(first);
        _requests.ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_PastEightyPercentOfLifetime_RotatesBeforeExpiry()
    {
        var tokens = new FederationTokens(_time);
        var first = await tokens.GetAsync("east", "astro", "sa", Issuer(TimeSpan.FromHours(1)), CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(50));
        var second = await tokens.GetAsync("east", "astro", "sa", Issuer(TimeSpan.FromHours(1)), CancellationToken.None);

        second.Token.ShouldBe("token-2");
        first.ExpiresAt.ShouldBeGreaterThan(_time.GetUtcNow()); // the old one still worked when it was replaced
    }

    [Fact]
    public async Task GetAsync_DifferentClustersAndNamespaces_HeldSeparately()
    {
        var tokens = new FederationTokens(_time);

        await tokens.GetAsync("east", "astro", "sa", Issuer(TimeSpan.FromHours(1)), CancellationToken.None);
        await tokens.GetAsync("central", "astro", "sa", Issuer(TimeSpan.FromHours(1)), CancellationToken.None);
        await tokens.GetAsync("east", "bio", "sa", Issuer(TimeSpan.FromHours(1)), CancellationToken.None);

        _requests.ShouldBe(3);
        tokens.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Forget_ThenGet_RequestsAFreshToken()
    {
        var tokens = new FederationTokens(_time);
        await tokens.GetAsync("east", "astro", "sa", Issuer(TimeSpan.FromHours(1)), CancellationToken.None);

        tokens.Forget("east", "astro", "sa");
        var again = await tokens.GetAsync("east", "astro", "sa", Issuer(TimeSpan.FromHours(1)), CancellationToken.None);

        again.Token.ShouldBe("token-2");
    }
}
