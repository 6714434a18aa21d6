using System.Text;
using Microsoft.IdentityModel.Tokens;
using Nereid.Identity.Oidc;

namespace Nereid.Identity.Tests.Oidc;

public sealed class IdTokenValidatorTests : IAsyncLifetime
{
    private TestIssuer _idp = null!;
    private IdTokenValidator _validator = null!;
    private OidcIssuerRegistry _registry = null!;

    public async Task InitializeAsync()
    {
        _idp = await TestIssuer.StartAsync();
        (_validator, _registry) = ValidatorHost.Create(ValidatorHost.Issuer("campus", _idp.Issuer));
    }

    public async Task DisposeAsync() => await _idp.DisposeAsync();

    private Task<OidcTokenValidationResult> Validate(string token, string? nonce = "n-1") =>
        _validator.ValidateIdTokenAsync("campus", token, nonce, CancellationToken.None);

    [Fact]
    public async Task ValidateIdToken_ValidToken_MapsCILogonClaims()
    {
        var result = await Validate(_idp.Mint("portal"));

        result.Succeeded.ShouldBeTrue(result.FailureMessage);
        var id = result.Identity!;
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
    public async Task ValidateIdToken_WrongIssuer_Rejected()
    {
        var result = await Validate(_idp.Mint("portal", c => c["iss"] = "https://evil.example"));
        result.FailureCode.ShouldBe(OidcFailureCodes.WrongIssuer);
    }

    [Fact]
    public async Task ValidateIdToken_WrongAudience_Rejected()
    {
        var result = await Validate(_idp.Mint("someone-else"));
        result.FailureCode.ShouldBe(OidcFailureCodes.WrongAudience);
    }

    [Fact]
    public async Task ValidateIdToken_SeveralAudiencesWithoutAzp_Rejected()
    {
        var result = await Validate(_idp.Mint("portal", c => c["aud"] = new[] { "portal", "other" }));
        result.FailureCode.ShouldBe(OidcFailureCodes.WrongAuthorizedParty);
    }

    [Fact]
    public async Task ValidateIdToken_SeveralAudiencesWithOurAzp_Accepted()
    {
        var result = await Validate(_idp.Mint("portal", c => { c["aud"] = new[] { "portal", "other" }; c["azp"] = "portal"; }));
        result.Succeeded.ShouldBeTrue(result.FailureMessage);
    }

    [Fact]
    public async Task ValidateIdToken_Expired_Rejected()
    {
        var past = TimeProvider.System.GetUtcNow().AddMinutes(-10).ToUnixTimeSeconds();
        var result = await Validate(_idp.Mint("portal", c => { c["exp"] = past; c["nbf"] = past - 600; c["iat"] = past - 600; }));
        result.FailureCode.ShouldBe(OidcFailureCodes.Expired);
    }

    [Fact]
    public async Task ValidateIdToken_ExpiredWithinClockSkew_Accepted()
    {
        var justNow = TimeProvider.System.GetUtcNow().AddSeconds(-20).ToUnixTimeSeconds();
        var result = await Validate(_idp.Mint("portal", c => { c["exp"] = justNow; c["nbf"] = justNow - 600; }));
        result.Succeeded.ShouldBeTrue(result.FailureMessage);
    }

    [Fact]
    public async Task ValidateIdToken_NotYetValid_Rejected()
    {
        var future = TimeProvider.System.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        var result = await Validate(_idp.Mint("portal", c => { c["nbf"] = future; c["exp"] = future + 600; }));
        result.FailureCode.ShouldBe(OidcFailureCodes.NotYetValid);
    }

    [Fact]
    public async Task ValidateIdToken_BadSignature_Rejected()
    {
        // Same kid as the published key, different private key: a forgery.
        var forger = TestIssuer.NewKey(_idp.SigningKey.KeyId);
        var result = await Validate(_idp.Mint("portal", key: forger));
        result.FailureCode.ShouldBe(OidcFailureCodes.BadSignature);
    }

    [Fact]
    public async Task ValidateIdToken_TamperedPayload_Rejected()
    {
        var parts = _idp.Mint("portal").Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("user-123", "admin-001");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        var result = await Validate(tampered);
        result.FailureCode.ShouldBe(OidcFailureCodes.BadSignature);
    }

    [Fact]
    public async Task ValidateIdToken_AlgNone_Rejected()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"iss":"{{_idp.Issuer}}","sub":"x","aud":"portal","exp":{{TimeProvider.System.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds()}},"nonce":"n-1"}""");
        var result = await Validate($"{header}.{payload}.");
        result.FailureCode.ShouldBe(OidcFailureCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task ValidateIdToken_Hs256WithPublicKeyAsSecret_Rejected()
    {
        var publicKeyBytes = _idp.SigningKey.Rsa.ExportSubjectPublicKeyInfo();
        var hmac = new SymmetricSecurityKey(publicKeyBytes) { KeyId = _idp.SigningKey.KeyId };
        var result = await Validate(_idp.Mint("portal", key: hmac, alg: SecurityAlgorithms.HmacSha256));
        result.FailureCode.ShouldBe(OidcFailureCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task ValidateIdToken_UnknownKid_RefetchesJwksExactlyOnceThenRejects()
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
    public async Task ValidateIdToken_KeyRotated_AcceptedAfterOneRefetch()
    {
        (await Validate(_idp.Mint("portal"))).Succeeded.ShouldBeTrue();
        _idp.Rotate("key-2");

        var result = await Validate(_idp.Mint("portal"));

        result.Succeeded.ShouldBeTrue(result.FailureMessage);
        _idp.JwksRequests.ShouldBe(2);
    }

    [Fact]
    public async Task ValidateIdToken_NonceMismatch_Rejected()
    {
        var result = await Validate(_idp.Mint("portal"), nonce: "another-login");
        result.FailureCode.ShouldBe(OidcFailureCodes.NonceMismatch);
    }

    [Fact]
    public async Task ValidateAnyIssuer_IssuerNotConfigured_Rejected()
    {
        await using var stranger = await TestIssuer.StartAsync();
        var result = await _validator.ValidateAnyIssuerAsync(stranger.Mint("portal"), includeExtraAudiences: true, CancellationToken.None);
        result.FailureCode.ShouldBe(OidcFailureCodes.UnknownIssuer);
        stranger.JwksRequests.ShouldBe(0);
    }

    [Fact]
    public async Task ValidateIdToken_MissingExp_Rejected()
    {
        var result = await Validate(_idp.Mint("portal", c => c.Remove("exp")));
        result.Succeeded.ShouldBeFalse();
    }
}
