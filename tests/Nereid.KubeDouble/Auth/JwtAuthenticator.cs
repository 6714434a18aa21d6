using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Auth;

/// <summary>The outcome of a bearer token at the JWT authenticators.</summary>
/// <param name="User">The mapped user, when accepted.</param>
/// <param name="Error">Why a token naming a configured issuer was refused (null when accepted or not handled).</param>
public sealed record JwtOutcome(UserInfo? User, string? Error)
{
    /// <summary>Not a JWT, or no configured issuer matches its <c>iss</c>: other authenticators may take it.</summary>
    public static readonly JwtOutcome NotHandled = new(null, null);
}

/// <summary>
/// Bearer JWTs checked as kube-apiserver does with an <see cref="AuthenticationConfiguration"/>: the entry is chosen
/// by the token's <c>iss</c>; then the RS256 signature against the issuer's JWKS, <c>exp</c> (required, no leeway),
/// <c>nbf</c> (5 minutes of skew, as go-oidc), <c>aud</c> containing one of the audiences, each
/// <c>claimValidationRules</c> claim, and the mappings: user name = prefix + the username claim (a string; with
/// <c>email</c>, an <c>email_verified</c> that is present must be true), groups = prefix + each value of the groups
/// claim (a string or a list; absent means none).
/// </summary>
public sealed class JwtAuthenticator : IDisposable
{
    private static readonly TimeSpan NotBeforeSkew = TimeSpan.FromMinutes(5);
    private readonly List<(JwtAuthenticatorConfig Config, JwtIssuerKeys Keys)> _issuers;
    private readonly TimeProvider _time;

    /// <summary>Why each refused token was refused, oldest first (what the apiserver writes to its log).</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public JwtAuthenticator(AuthenticationConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _issuers = [.. configuration.Jwt.Select(c => (c, new JwtIssuerKeys(c)))];
        _time = time;
    }

    public async Task<JwtOutcome> AuthenticateAsync(string token, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3 || ReadJson(parts[1]) is not { ValueKind: JsonValueKind.Object } claims
            || !claims.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String)
            return JwtOutcome.NotHandled;
        var issuer = _issuers.FirstOrDefault(i => i.Config.IssuerUrl == iss.GetString());
        if (issuer.Config is null)
            return JwtOutcome.NotHandled;
        try
        {
            await VerifySignatureAsync(parts, issuer.Keys, ct);
            CheckTimes(claims);
            CheckAudience(claims, issuer.Config);
            foreach (var rule in issuer.Config.ClaimValidationRules)
            {
                if (!claims.TryGetProperty(rule.Claim, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() != rule.RequiredValue)
                    throw new JwtRefusedException($"oidc: required claim {rule.Claim} not present or not equal to \"{rule.RequiredValue}\"");
            }
            return new JwtOutcome(new UserInfo(issuer.Config.Username.Prefix + UserName(claims, issuer.Config.Username.Claim), Groups(claims, issuer.Config.Groups)), null);
        }
        catch (JwtRefusedException e)
        {
            Refusals.Enqueue(e.Message);
            return new JwtOutcome(null, e.Message);
        }
    }

    private static async Task VerifySignatureAsync(string[] parts, JwtIssuerKeys keys, CancellationToken ct)
    {
        var header = ReadJson(parts[0]) ?? throw new JwtRefusedException("oidc: malformed jwt header");
        var alg = header.TryGetProperty("alg", out var a) ? a.GetString() : null;
        // Without --oidc-signing-algs the apiserver accepts RS256 only; "none" and HS256 never verify.
        if (alg != "RS256")
            throw new JwtRefusedException($"oidc: verify token: oidc: id token signed with unsupported algorithm, expected [\"RS256\"] got \"{alg}\"");
        var kid = header.TryGetProperty("kid", out var k) ? k.GetString() : null;
        byte[] signature;
        try
        {
            signature = JwtIssuerKeys.Base64Url(parts[2]);
        }
        catch (FormatException)
        {
            throw new JwtRefusedException("oidc: malformed jwt signature");
        }
        if (!await keys.VerifyAsync(kid, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, ct))
            throw new JwtRefusedException("oidc: verify token: failed to verify signature: failed to verify id token signature");
    }

    private void CheckTimes(JsonElement claims)
    {
        var now = _time.GetUtcNow();
        if (!claims.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expSeconds))
            throw new JwtRefusedException("oidc: verify token: token has no expiry");
        if (DateTimeOffset.FromUnixTimeSeconds(expSeconds) < now)
            throw new JwtRefusedException($"oidc: verify token: oidc: token is expired (Token Expiry: {DateTimeOffset.FromUnixTimeSeconds(expSeconds):O})");
        if (claims.TryGetProperty("nbf", out var nbf) && nbf.TryGetInt64(out var nbfSeconds) && now + NotBeforeSkew < DateTimeOffset.FromUnixTimeSeconds(nbfSeconds))
            throw new JwtRefusedException("oidc: verify token: current time before the nbf (not before) time");
    }

    private static void CheckAudience(JsonElement claims, JwtAuthenticatorConfig config)
    {
        var audiences = claims.TryGetProperty("aud", out var aud)
            ? aud.ValueKind switch
            {
                JsonValueKind.String => [aud.GetString()!],
                JsonValueKind.Array => aud.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray(),
                _ => [],
            }
            : Array.Empty<string>();
        if (!audiences.Any(config.Audiences.Contains))
            throw new JwtRefusedException($"oidc: verify token: oidc: expected audience in [{string.Join(" ", config.Audiences.Select(x => $"\"{x}\""))}] got [{string.Join(" ", audiences.Select(x => $"\"{x}\""))}]");
    }

    private static string UserName(JsonElement claims, string claim)
    {
        if (!claims.TryGetProperty(claim, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } name)
            throw new JwtRefusedException($"oidc: parse username claims \"{claim}\": claim not present");
        if (claim == "email" && claims.TryGetProperty("email_verified", out var verified) && verified.ValueKind != JsonValueKind.True)
            throw new JwtRefusedException("oidc: email not verified");
        return name;
    }

    private static List<string> Groups(JsonElement claims, ClaimMapping? mapping)
    {
        if (mapping is null || !claims.TryGetProperty(mapping.Claim, out var value) || value.ValueKind == JsonValueKind.Null)
            return [];
        return value.ValueKind switch
        {
            JsonValueKind.String => [mapping.Prefix + value.GetString()],
            JsonValueKind.Array when value.EnumerateArray().All(g => g.ValueKind == JsonValueKind.String) =>
                [.. value.EnumerateArray().Select(g => mapping.Prefix + g.GetString())],
            _ => throw new JwtRefusedException($"oidc: parse groups claim \"{mapping.Claim}\": must be a string or a list of strings"),
        };
    }

    private static JsonElement? ReadJson(string part)
    {
        try
        {
            using var doc = JsonDocument.Parse(JwtIssuerKeys.Base64Url(part));
            return doc.RootElement.Clone();
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var (_, keys) in _issuers)
            keys.Dispose();
    }
}
