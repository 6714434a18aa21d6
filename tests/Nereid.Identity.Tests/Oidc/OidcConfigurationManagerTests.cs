using Microsoft.Extensions.Time.Testing;
using Nereid.Identity.Oidc;

namespace Nereid.Identity.Tests.Oidc;

public sealed class OidcConfigurationManagerTests : IAsyncLifetime
{
    private TestIssuer _idp = null!;

    public async Task InitializeAsync() => _idp = await TestIssuer.StartAsync();

    public async Task DisposeAsync() => await _idp.DisposeAsync();

    [Fact]
    public async Task UnknownKid_AfterRateLimitWindow_RefetchesAgainAndAcceptsRotatedKey()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = BearerHost.Create(clock, BearerHost.Issuer("campus", _idp.Issuer));
        var stranger = TestIssuer.NewKey("stranger");
        (await host.AuthenticateAsync(_idp.Mint("portal", key: stranger)))
            .FailureCode.ShouldBe(OidcFailureCodes.UnknownKey);
        _idp.JwksRequests.ShouldBe(2);

        // A rotation right after a refetch for a forged kid must wait for the window, then works with one fetch.
        _idp.Rotate("key-2");
        (await host.AuthenticateAsync(_idp.Mint("portal")))
            .FailureCode.ShouldBe(OidcFailureCodes.UnknownKey);
        _idp.JwksRequests.ShouldBe(2);
        clock.Advance(TimeSpan.FromSeconds(31));

        var result = await host.AuthenticateAsync(_idp.Mint("portal"));

        result.Succeeded.ShouldBeTrue(result.FailureMessage);
        _idp.JwksRequests.ShouldBe(3);
    }

    [Fact]
    public async Task SameKidNewKey_SignatureFails_RefetchesOnceAndAccepts()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = BearerHost.Create(clock, BearerHost.Issuer("campus", _idp.Issuer));
        (await host.AuthenticateAsync(_idp.Mint("portal"))).Succeeded.ShouldBeTrue();
        _idp.JwksRequests.ShouldBe(1);

        _idp.ReplaceKey("key-1");
        var result = await host.AuthenticateAsync(_idp.Mint("portal"));

        result.Succeeded.ShouldBeTrue(result.FailureMessage);
        _idp.JwksRequests.ShouldBe(2);
        // The refetched keys serve later tokens without another download.
        (await host.AuthenticateAsync(_idp.Mint("portal"))).Succeeded.ShouldBeTrue();
        _idp.JwksRequests.ShouldBe(2);
    }

    [Fact]
    public async Task ForgedSignatureUnderKnownKid_Repeated_RefetchesAtMostOncePerWindow()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = BearerHost.Create(clock, BearerHost.Issuer("campus", _idp.Issuer));
        var forger = TestIssuer.NewKey("key-1");

        (await host.AuthenticateAsync(_idp.Mint("portal", key: forger)))
            .FailureCode.ShouldBe(OidcFailureCodes.BadSignature);
        _idp.JwksRequests.ShouldBe(2);
        for (var i = 0; i < 5; i++)
        {
            (await host.AuthenticateAsync(_idp.Mint("portal", key: forger)))
                .FailureCode.ShouldBe(OidcFailureCodes.BadSignature);
        }
        _idp.JwksRequests.ShouldBe(2);

        clock.Advance(TimeSpan.FromSeconds(31));
        (await host.AuthenticateAsync(_idp.Mint("portal", key: forger)))
            .FailureCode.ShouldBe(OidcFailureCodes.BadSignature);
        _idp.JwksRequests.ShouldBe(3);
    }

    [Fact]
    public async Task Metadata_Stale_RefetchedAfterRefreshInterval()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = BearerHost.Create(clock, BearerHost.Issuer("campus", _idp.Issuer));
        (await host.AuthenticateAsync(_idp.Mint("portal"))).Succeeded.ShouldBeTrue();
        await host.Registry.FindByName("campus")!.GetConfigurationAsync(CancellationToken.None);
        _idp.JwksRequests.ShouldBe(1);

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await host.Registry.FindByName("campus")!.GetConfigurationAsync(CancellationToken.None);

        _idp.JwksRequests.ShouldBe(2);
    }

    [Fact]
    public async Task GetAsync_DiscoveryNamesAnotherIssuer_FailsAsIssuerMismatch()
    {
        await using var host = BearerHost.Create(BearerHost.Issuer("campus", _idp.Issuer.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)));
        var ex = await Should.ThrowAsync<OidcAuthenticationException>(() => host.Registry.FindByName("campus")!.GetConfigurationAsync(CancellationToken.None));
        ex.Code.ShouldBe(OidcFailureCodes.IssuerMismatch);
        ex.Message.ShouldContain(_idp.Issuer);
    }

    [Fact]
    public async Task GetAsync_NoDiscoveryDocumentAtAuthority_FailsAsUnreachable()
    {
        await using var host = BearerHost.Create(BearerHost.Issuer("campus", _idp.Issuer + "/other-realm"));
        var ex = await Should.ThrowAsync<OidcAuthenticationException>(() => host.Registry.FindByName("campus")!.GetConfigurationAsync(CancellationToken.None));
        ex.Code.ShouldBe(OidcFailureCodes.IssuerUnreachable);
    }
}
