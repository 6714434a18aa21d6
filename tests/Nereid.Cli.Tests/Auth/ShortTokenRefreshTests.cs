using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.TestSupport.Oidc;

namespace Nereid.Cli.Tests.Auth;

/// <summary>`nereid auth token` against a real provider issuing 30-second ID tokens (shorter than the longest refresh margin).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ShortTokenRefreshTests(ShortTokenCliOidcFixture fx) : IClassFixture<ShortTokenCliOidcFixture>
{
    private string[] TokenArgs => ["auth", "token", "--issuer", fx.Provider.Issuer, "--client-id", OidcProviderServer.CliClientId];

    private static string CacheFile(string cacheDir) => Directory.GetFiles(Path.Combine(cacheDir, "tokens"), "*.json").ShouldHaveSingleItem();

    private static JsonObject ReadCache(string cacheDir) => JsonNode.Parse(File.ReadAllText(CacheFile(cacheDir)))!.AsObject();

    [Fact]
    public async Task AuthToken_100ConcurrentWith30sTokens_ExactlyOneRefresh()
    {
        fx.LoginExitCode.ShouldBe(0, fx.LoginStderr);
        var dir = fx.CopyLogin();
        var entry = ReadCache(dir);
        var lifetime = entry["expires_at"]!.GetValue<long>() - entry["issued_at"]!.GetValue<long>();
        lifetime.ShouldBe(30);
        var oldToken = entry["id_token"]!.GetValue<string>();
        entry["expires_at"] = TimeProvider.System.GetUtcNow().AddSeconds(-1).ToUnixTimeSeconds();
        File.WriteAllText(CacheFile(dir), entry.ToJsonString());
        var before = await fx.Provider.TokenRequestCountAsync("refresh_token");

        var env = new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = dir };
        var runs = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => NereidProcess.RunAsync(TokenArgs, env)));

        (await fx.Provider.TokenRequestCountAsync("refresh_token")).ShouldBe(before + 1);
        var tokens = runs.Select(r =>
        {
            r.ExitCode.ShouldBe(0, r.Stderr);
            return JsonDocument.Parse(r.Stdout).RootElement.GetProperty("status").GetProperty("token").GetString();
        }).Distinct().ToList();
        var newToken = tokens.ShouldHaveSingleItem();
        newToken.ShouldNotBe(oldToken);
        ReadCache(dir)["id_token"]!.GetValue<string>().ShouldBe(newToken);
    }

    [Fact]
    public async Task AuthToken_Fresh30sToken_ServedFromCacheWithoutRefresh()
    {
        // A token just issued with 30 s to live is fresh (the margin is a quarter of the lifetime, not a fixed minute).
        var dir = Directory.CreateTempSubdirectory("nereid-short-").FullName;
        var (code, stderr) = await fx.LoginAsync(dir, "bob");
        code.ShouldBe(0, stderr);
        var idToken = ReadCache(dir)["id_token"]!.GetValue<string>();
        var before = await fx.Provider.TokenRequestCountAsync("refresh_token");

        var (exit, stdout, err) = await NereidProcess.RunAsync(TokenArgs, new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = dir });

        exit.ShouldBe(0, err);
        JsonDocument.Parse(stdout).RootElement.GetProperty("status").GetProperty("token").GetString().ShouldBe(idToken);
        (await fx.Provider.TokenRequestCountAsync("refresh_token")).ShouldBe(before);
    }
}
