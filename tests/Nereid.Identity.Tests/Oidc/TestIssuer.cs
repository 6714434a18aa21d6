using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Nereid.Identity.Tests.Oidc;

/// <summary>A minimal issuer on loopback: discovery + JWKS with RSA keys made in the test, and a token minter.</summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<RsaSecurityKey> _published = [];
    private int _jwksRequests;

    private TestIssuer(WebApplication app) => _app = app;

    public string Issuer { get; private set; } = "";
    public RsaSecurityKey SigningKey { get; private set; } = NewKey("key-1");
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public static async Task<TestIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var issuer = new TestIssuer(app);
        issuer._published.Add(issuer.SigningKey);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = issuer.Issuer,
            ["authorization_endpoint"] = issuer.Issuer + "/auth",
            ["token_endpoint"] = issuer.Issuer + "/token",
            ["jwks_uri"] = issuer.Issuer + "/jwks",
        }));
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref issuer._jwksRequests);
            List<JsonWebKey> keys;
            lock (issuer._published)
            {
                keys = issuer._published.Select(k => JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(k.Rsa.ExportParameters(false)) { KeyId = k.KeyId }))
                    .ToList();
            }
            var json = JsonSerializer.Serialize(new { keys = keys.Select(k => new { kty = k.Kty, kid = k.Kid, use = "sig", alg = "RS256", n = k.N, e = k.E }) });
            return Results.Text(json, "application/json");
        });
        await app.StartAsync();
        issuer.Issuer = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return issuer;
    }

    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    /// <summary>Publishes a new key in the JWKS and signs future tokens with it (key rotation).</summary>
    public RsaSecurityKey Rotate(string kid)
    {
        var key = NewKey(kid);
        lock (_published)
        {
            _published.Add(key);
        }
        SigningKey = key;
        return key;
    }

    /// <summary>Replaces every published key by a new one under the same <paramref name="kid"/> (a provider restarted with generated keys).</summary>
    public RsaSecurityKey ReplaceKey(string kid)
    {
        var key = NewKey(kid);
        lock (_published)
        {
            _published.Clear();
            _published.Add(key);
        }
        SigningKey = key;
        return key;
    }

    /// <summary>Mints a signed JWT; <paramref name="edit"/> may change any claim before signing.</summary>
    public string Mint(string audience, Action<Dictionary<string, object>>? edit = null, SecurityKey? key = null, string alg = SecurityAlgorithms.RsaSha256)
    {
        var now = TimeProvider.System.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = "user-123",
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["email"] = "pat@example.edu",
            ["given_name"] = "Pat",
            ["family_name"] = "Lee",
            ["idp"] = "urn:mace:incommon:example.edu",
            ["idp_name"] = "Example University",
            ["eppn"] = "pat@example.edu",
            ["nonce"] = "n-1",
        };
        edit?.Invoke(claims);
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, alg),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
