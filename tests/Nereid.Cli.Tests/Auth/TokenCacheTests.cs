using Nereid.Cli.Auth;

namespace Nereid.Cli.Tests.Auth;

public sealed class TokenCacheTests
{
    private static CliEnvironment Env(Dictionary<string, string> vars) =>
        new() { Out = TextWriter.Null, Err = TextWriter.Null, GetVariable = vars.GetValueOrDefault };

    [Fact]
    public void PathFor_Default_UsesHomeCacheAndSha256OfIssuerAndClient()
    {
        var cache = new TokenCache(Env(new() { ["HOME"] = "/home/pat" }));
        cache.PathFor("https://cilogon.org/", "cli").ShouldBe(
            "/home/pat/.cache/nereid/tokens/" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("https://cilogon.org|cli"u8)) + ".json");
    }

    [Fact]
    public void PathFor_XdgCacheHome_Overrides()
    {
        var cache = new TokenCache(Env(new() { ["HOME"] = "/home/pat", ["XDG_CACHE_HOME"] = "/xdg" }));
        cache.TokensDirectory.ShouldBe("/xdg/nereid/tokens");
    }

    [Fact]
    public void PathFor_NereidCacheDir_WinsOverXdg()
    {
        var cache = new TokenCache(Env(new() { ["HOME"] = "/home/pat", ["XDG_CACHE_HOME"] = "/xdg", ["NEREID_CACHE_DIR"] = "/n" }));
        cache.TokensDirectory.ShouldBe("/n/tokens");
    }

    [Fact]
    public void FastPath_CacheWrittenBySerializer_IsServedAndMatchesSlowPathJson()
    {
        var dir = Directory.CreateTempSubdirectory("nereid-fast-").FullName;
        var env = Env(new() { ["NEREID_CACHE_DIR"] = dir, ["KUBERNETES_EXEC_INFO"] = """{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":true}}""" });
        var cache = new TokenCache(env);
        var exp = TimeProvider.System.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        cache.Write(cache.PathFor("https://idp.example", "cli"), new TokenCacheEntry
        {
            Issuer = "https://idp.example", ClientId = "cli", IdToken = "aaa.bbb-_.ccc", RefreshToken = "r", ExpiresAt = exp,
        });
        var stdout = new MemoryStream();

        var served = AuthTokenFastPath.TryServe(["auth", "token", "--issuer", "https://idp.example", "--client-id", "cli"], env, stdout);

        served.ShouldBeTrue();
        // Byte for byte what the general (Utf8JsonWriter) path prints.
        System.Text.Encoding.UTF8.GetString(stdout.ToArray()).ShouldBe(AuthTokenCommand.ExecCredentialJson("aaa.bbb-_.ccc", exp, interactive: true));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void FastPath_TokenNearExpiry_FallsBack()
    {
        var dir = Directory.CreateTempSubdirectory("nereid-fast-").FullName;
        var env = Env(new() { ["NEREID_CACHE_DIR"] = dir });
        var cache = new TokenCache(env);
        cache.Write(cache.PathFor("https://idp.example", "cli"), new TokenCacheEntry
        {
            Issuer = "https://idp.example", ClientId = "cli", IdToken = "a.b.c", ExpiresAt = TimeProvider.System.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds(),
        });

        AuthTokenFastPath.TryServe(["auth", "token", "--issuer", "https://idp.example", "--client-id", "cli"], env).ShouldBeFalse();
        Directory.Delete(dir, recursive: true);
    }
}
