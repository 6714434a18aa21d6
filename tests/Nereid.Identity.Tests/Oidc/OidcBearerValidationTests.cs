using System.Text;
using Microsoft.IdentityModel.Tokens;
using Nereid.Identity.Oidc;

namespace Nereid.Identity.Tests.Oidc;

/// <summary>The <c>oidc-bearer</c> scheme (JwtBearer per issuer behind a policy scheme) against a real issuer over HTTP.</summary>
public sealed class OidcBearerValidationTests : IAsyncLifetime
{
    private TestIssuer _idp = null!;
    private BearerHost _host = null!;

    public async Task InitializeAsync()
    {
        _idp = await TestIssuer.StartAsync();
        _host = BearerHost.Create(BearerHost.Issuer("campus", _idp.Issuer));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _idp.DisposeAsync();
    }

    private Task<BearerResult> Validate(string token) => _host.AuthenticateAsync(token);

    [Fact]
    public async Task Bearer_ValidToken_MapsCILogonClaims()
    {
        var result = await Validate(_idp.Mint("portal"));

        result.Succeeded.ShouldBeTrue(result.FailureMessage);
        var id = result.Identity.ShouldNotBeNull();
        id.Issuer.ShouldBe(_idp.Issuer);
        id.Subject.ShouldBe("user-123");
        id.Email.ShouldBe("pat@example.edu");
        id.DisplayName.ShouldBe("Pat Lee");
        id.IdpName.ShouldBe("Example University");
        id.Idp.ShouldBe("urn:mace:incommon:example.edu");
        id.Affiliation.ShouldBe("pat@example.edu");
        id.IssuerName.ShouldBe("campus");
    }

    [Fact]
    public async Task Bearer_IssClaimNamesAnotherIssuer_RejectedAsUnknownIssuer()
    {
        // Signed with the campus key, but the token names another issuer: no scheme is chosen for it, so it is refused
        // before its signature or keys are looked at.
        var result = await Validate(_idp.Mint("portal", c => c["iss"] = "https://evil.example"));
        result.FailureCode.ShouldBe(OidcFailureCodes.UnknownIssuer);
        _idp.JwksRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Bearer_WrongAudience_Rejected()
    {
        var result = await Validate(_idp.Mint("someone-else"));
        result.FailureCode.ShouldBe(OidcFailureCodes.WrongAudience);
    }

    [Fact]
    public async Task Bearer_SeveralAudiencesWithoutAzp_Rejected()
    {
        var result = await Validate(_idp.Mint("portal", c => c["aud"] = new[] { "portal", "other" }));
        result.FailureCode.ShouldBe(OidcFailureCodes.WrongAuthorizedParty);
    }

    [Fact]
    public async Task Bearer_SeveralAudiencesWithOurAzp_Accepted()
    {
        var result = await Validate(_idp.Mint("portal", c => { c["aud"] = new[] { "portal", "other" }; c["azp"] = "portal"; }));
        result.Succeeded.ShouldBeTrue(result.FailureMessage);
    }

    [Fact]
    public async Task Bearer_Expired_Rejected()
    {
        var past = TimeProvider.System.GetUtcNow().AddMinutes(-10).ToUnixTimeSeconds();
        var result = await Validate(_idp.Mint("portal", c => { c["exp"] = past; c["nbf"] = past - 600; c["iat"] = past - 600; }));
        result.FailureCode.ShouldBe(OidcFailureCodes.Expired);
    }

    [Fact]
    public async Task Bearer_ExpiredWithinClockSkew_Accepted()
    {
        var justNow = TimeProvider.System.GetUtcNow().AddSeconds(-20).ToUnixTimeSeconds();
        var result = await Validate(_idp.Mint("portal", c => { c["exp"] = justNow; c["nbf"] = justNow - 600; }));
        result.Succeeded.ShouldBeTrue(result.FailureMessage);
    }

    [Fact]
    public async Task Bearer_NotYetValid_Rejected()
    {
        var future = TimeProvider.System.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        var result = await Validate(_idp.Mint("portal", c => { c["nbf"] = future; c["exp"] = future + 600; }));
        result.FailureCode.ShouldBe(OidcFailureCodes.NotYetValid);
    }

    [Fact]
    public async Task Bearer_BadSignature_Rejected()
    {
        // Same kid as the published key, different private key: a forgery.
        var forger = TestIssuer.NewKey(_idp.SigningKey.KeyId);
        var result = await Validate(_idp.Mint("portal", key: forger));
        result.FailureCode.ShouldBe(OidcFailureCodes.BadSignature);
    }

    [Fact]
    public async Task Bearer_TamperedPayload_Rejected()
    {
        var parts = _idp.Mint("portal").Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("user-123", "admin-001");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        var result = await Validate(tampered);
        result.FailureCode.ShouldBe(OidcFailureCodes.BadSignature);
    }

    [Fact]
    public async Task Bearer_AlgNone_Rejected()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"iss":"{{_idp.Issuer}}","sub":"x","aud":"portal","exp":{{TimeProvider.System.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds()}},"nonce":"n-1"}""");
        var result = await Validate($"{header}.{payload}.");
        result.FailureCode.ShouldBe(OidcFailureCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task Bearer_Hs256WithPublicKeyAsSecret_Rejected()
    {
        var publicKeyBytes = _idp.SigningKey.Rsa.ExportSubjectPublicKeyInfo();
        var hmac = new SymmetricSecurityKey(publicKeyBytes) { KeyId = _idp.SigningKey.KeyId };
        var result = await Validate(_idp.Mint("portal", key: hmac, alg: SecurityAlgorithms.HmacSha256));
        result.FailureCode.ShouldBe(OidcFailureCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task Bearer_UnknownKid_RefetchesJwksExactlyOnceThenRejects()
    {
        (await Validate(_idp.Mint("portal"))).Succeeded.ShouldBeTrue();
        _idp.JwksRequests.ShouldBe(1);
        var stranger = TestIssuer.NewKey("never-published");

        var first = await Validate(_idp.Mint("portal", key: stranger));
        var second = await Validate(_idp.Mint("portal", key: stranger));

        first.FailureCode.ShouldBe(OidcFailureCodes.UnknownKey);
        second.FailureCode.ShouldBe(OidcFailureCodes.UnknownKey);
        _idp.JwksRequests.ShouldBe(2); // one refetch; the second unknown kid is rate-limited
    }

    [Fact]
    public async Task Bearer_KeyRotated_AcceptedAfterOneRefetch()
    {
        (await Validate(_idp.Mint("portal"))).Succeeded.ShouldBeTrue();
        _idp.Rotate("key-2");

        var result = await Validate(_idp.Mint("portal"));

        result.Succeeded.ShouldBeTrue(result.FailureMessage);
        _idp.JwksRequests.ShouldBe(2);
    }

    [Fact]
    public async Task Bearer_IssuerNotConfigured_RejectedWithoutAskingIt()
    {
        await using var stranger = await TestIssuer.StartAsync();
        var result = await Validate(stranger.Mint("portal"));
        result.FailureCode.ShouldBe(OidcFailureCodes.UnknownIssuer);
        stranger.JwksRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Bearer_MissingExp_Rejected()
    {
        var result = await Validate(_idp.Mint("portal", c => c.Remove("exp")));
        result.FailureCode.ShouldBe(OidcFailureCodes.InvalidToken);
    }

    [Fact]
    public async Task Bearer_OpaqueTokenOrNone_NoResultSoOtherSchemesRun()
    {
        var opaque = await Validate("nrp_0123456789abcdef");
        opaque.Result.None.ShouldBeTrue();
        _idp.JwksRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Bearer_ThreePartsButNotAJwt_Malformed()
    {
        var result = await Validate("not.a.jwt");
        result.FailureCode.ShouldBe(OidcFailureCodes.Malformed);
    }

    [Fact]
    public async Task Bearer_ExtraAudienceOfIssuer_Accepted()
    {
        await using var host = BearerHost.Create(new OidcIssuerOptions { Name = "campus", Authority = _idp.Issuer, ClientId = "portal", Audiences = ["nereid-cli"] });
        (await host.AuthenticateAsync(_idp.Mint("nereid-cli"))).Succeeded.ShouldBeTrue();
        (await host.AuthenticateAsync(_idp.Mint("another-cli"))).FailureCode.ShouldBe(OidcFailureCodes.WrongAudience);
    }

    [Fact]
    public async Task Bearer_TwoIssuers_EachTokenCheckedAgainstItsOwnIssuersAudience()
    {
        await using var other = await TestIssuer.StartAsync();
        await using var host = BearerHost.Create(BearerHost.Issuer("campus", _idp.Issuer, "portal"), BearerHost.Issuer("lab", other.Issuer, "lab-portal"));

        (await host.AuthenticateAsync(_idp.Mint("portal"))).Identity.ShouldNotBeNull().IssuerName.ShouldBe("campus");
        (await host.AuthenticateAsync(other.Mint("lab-portal"))).Identity.ShouldNotBeNull().IssuerName.ShouldBe("lab");
        // The other issuer's client id is not an audience of this one.
        (await host.AuthenticateAsync(other.Mint("portal"))).FailureCode.ShouldBe(OidcFailureCodes.WrongAudience);
    }
}
