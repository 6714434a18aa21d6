using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nereid.TestSupport.Loopback;

namespace Nereid.KubeDouble.Tests.Authentication;

/// <summary>
/// A minimal OpenID issuer on loopback http: discovery and a JWKS of its current keys, and RS256 tokens signed by
/// hand, so every claim (and a forged signature) can be chosen by a test.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private readonly List<(string Kid, RSA Key)> _published = [];
    private LoopbackServer _server = null!;

    private TestIssuer()
    {
    }

    public string Url => _server.Url;

    /// <summary>The key new tokens are signed with by default.</summary>
    public (string Kid, RSA Key) Current => _published[^1];

    /// <summary>How many times the JWKS was read.</summary>
    public int JwksReads;

    public static async Task<TestIssuer> StartAsync()
    {
        var issuer = new TestIssuer();
        issuer.Rotate();
        issuer._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new { issuer = issuer.Url, jwks_uri = issuer.Url + "/jwks" }));
            app.MapGet("/jwks", () =>
            {
                Interlocked.Increment(ref issuer.JwksReads);
                return Results.Json(new
                {
                    keys = issuer._published.Select(k =>
                    {
                        var p = k.Key.ExportParameters(false);
                        return new { kty = "RSA", use = "sig", alg = "RS256", kid = k.Kid, n = B64(p.Modulus!), e = B64(p.Exponent!) };
                    }).ToArray(),
                });
            });
        });
        return issuer;
    }

    /// <summary>Publishes a new key (kept beside the old ones) that signs from now on.</summary>
    public void Rotate(string? kid = null) => _published.Add((kid ?? "k" + (_published.Count + 1), RSA.Create(2048)));

    /// <summary>Replaces every published key by a new one under the same kid (a provider restarted with a fresh key).</summary>
    public void ReplaceKeySameKid()
    {
        var kid = Current.Kid;
        _published.Clear();
        _published.Add((kid, RSA.Create(2048)));
    }

    /// <summary>Claims of a good token for <paramref name="audience"/>: iss, aud, iat, exp in 10 minutes, sub, email, groups.</summary>
    public JsonObject Claims(string audience, string email = "ada@example.edu", params string[] groups) => new()
    {
        ["iss"] = Url,
        ["aud"] = audience,
        ["sub"] = "person-1",
        ["email"] = email,
        ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)g)]),
        ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
    };

    /// <summary>An RS256 JWT of <paramref name="claims"/>, signed by <paramref name="key"/> (default the current key) under <paramref name="kid"/>.</summary>
    public string Sign(JsonObject claims, RSA? key = null, string? kid = null, string alg = "RS256")
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT", ["kid"] = kid ?? Current.Kid };
        var signed = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        if (alg == "none")
            return signed + ".";
        var signature = (key ?? Current.Key).SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + B64(signature);
    }

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        foreach (var (_, key) in _published)
            key.Dispose();
    }
}
