using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Nereid.KubeDouble.Auth;

/// <summary>
/// One issuer's signing keys as the apiserver's OIDC authenticator keeps them (go-oidc's remote key set): discovery
/// at <c>{url}/.well-known/openid-configuration</c> (or <c>discoveryURL</c>) must name exactly the configured issuer;
/// its <c>jwks_uri</c> is read once and read again whenever no cached key verifies a token (a new or rotated key),
/// with concurrent refetches joined into one.
/// </summary>
internal sealed class JwtIssuerKeys : IDisposable
{
    private readonly JwtAuthenticatorConfig _config;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private volatile IReadOnlyList<(string? Kid, RSA Key)> _keys = [];
    private int _generation;

    public JwtIssuerKeys(JwtAuthenticatorConfig config)
    {
        _config = config;
        var handler = new HttpClientHandler();
        if (config.CertificateAuthority is { Length: > 0 } pem)
        {
            var ca = X509Certificate2.CreateFromPem(pem);
            handler.ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && CaTrust.Verify(ca, cert);
        }
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>True when a key of the issuer (with <paramref name="kid"/>, when given) verifies the RS256 signature.</summary>
    public async Task<bool> VerifyAsync(string? kid, byte[] signedPart, byte[] signature, CancellationToken ct)
    {
        var generation = Volatile.Read(ref _generation);
        if (Verify(_keys, kid, signedPart, signature))
            return true;
        await RefreshAsync(generation, ct);
        return Verify(_keys, kid, signedPart, signature);
    }

    private static bool Verify(IReadOnlyList<(string? Kid, RSA Key)> keys, string? kid, byte[] signedPart, byte[] signature) =>
        keys.Any(k => (kid is null || k.Kid is null || k.Kid == kid)
            && k.Key.VerifyData(signedPart, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    private async Task RefreshAsync(int seenGeneration, CancellationToken ct)
    {
        await _fetch.WaitAsync(ct);
        try
        {
            if (Volatile.Read(ref _generation) != seenGeneration)
                return; // a concurrent caller fetched while this one waited
            var discoveryUrl = _config.DiscoveryUrl ?? _config.IssuerUrl.TrimEnd('/') + "/.well-known/openid-configuration";
            using var discovery = JsonDocument.Parse(await _http.GetStringAsync(discoveryUrl, ct));
            var issuer = discovery.RootElement.TryGetProperty("issuer", out var i) ? i.GetString() : null;
            if (issuer != _config.IssuerUrl)
                throw new JwtRefusedException($"oidc: issuer did not match the issuer returned by provider, expected \"{_config.IssuerUrl}\" got \"{issuer}\"");
            var jwksUri = discovery.RootElement.GetProperty("jwks_uri").GetString()!;
            using var jwks = JsonDocument.Parse(await _http.GetStringAsync(jwksUri, ct));
            _keys = [.. jwks.RootElement.GetProperty("keys").EnumerateArray()
                .Where(k => k.GetProperty("kty").GetString() == "RSA" && (!k.TryGetProperty("use", out var use) || use.GetString() == "sig"))
                .Select(k => (k.TryGetProperty("kid", out var kid) ? kid.GetString() : null, ToRsa(k)))];
            Interlocked.Increment(ref _generation);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new JwtRefusedException($"oidc: fetching the keys of {_config.IssuerUrl} failed: {e.Message}");
        }
        finally
        {
            _fetch.Release();
        }
    }

    private static RSA ToRsa(JsonElement jwk) => RSA.Create(new RSAParameters
    {
        Modulus = Base64Url(jwk.GetProperty("n").GetString()!),
        Exponent = Base64Url(jwk.GetProperty("e").GetString()!),
    });

    public static byte[] Base64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    public void Dispose()
    {
        _http.Dispose();
        _fetch.Dispose();
    }
}

/// <summary>A token that claims a configured issuer but fails its checks; the message is what the apiserver would log.</summary>
internal sealed class JwtRefusedException(string message) : Exception(message);
