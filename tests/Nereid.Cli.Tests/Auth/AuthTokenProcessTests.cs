using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.TestSupport.Oidc;

namespace Nereid.Cli.Tests.Auth;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AuthTokenProcessTests(CliOidcFixture fx) : IClassFixture<CliOidcFixture>
{
    private string[] TokenArgs => ["auth", "token", "--issuer", fx.Provider.Issuer, "--client-id", OidcProviderServer.CliClientId];

    private static string CacheFile(string cacheDir) => Directory.GetFiles(Path.Combine(cacheDir, "tokens"), "*.json").ShouldHaveSingleItem();

    private static JsonObject ReadCache(string cacheDir) => JsonNode.Parse(File.ReadAllText(CacheFile(cacheDir)))!.AsObject();

    private static void WriteCache(string cacheDir, JsonObject entry) => File.WriteAllText(CacheFile(cacheDir), entry.ToJsonString());

    private static JsonElement Status(string stdout)
    {
        var root = JsonDocument.Parse(stdout).RootElement;
        root.GetProperty("apiVersion").GetString().ShouldBe("client.authentication.k8s.io/v1");
        root.GetProperty("kind").GetString().ShouldBe("ExecCredential");
        return root.GetProperty("status");
    }

    [Fact]
    public void Login_BrowserFlow_CachesTokensPrivately()
    {
        fx.LoginExitCode.ShouldBe(0, fx.LoginStderr);
        fx.LoginStderr.ShouldContain("Logged in as alice@ucsd.edu");
        var file = CacheFile(fx.LoginCacheDir);
        File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(Path.GetDirectoryName(file)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var entry = ReadCache(fx.LoginCacheDir);
        entry["id_token"]!.GetValue<string>().Split('.').Length.ShouldBe(3);
        entry["refresh_token"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        entry["issuer"]!.GetValue<string>().ShouldBe(fx.Provider.Issuer);
    }

    [Fact]
    public async Task AuthToken_CachedTokenValid_PrintsItWithoutCallingTheIssuer()
    {
        var dir = fx.CopyLogin();
        var idToken = ReadCache(dir)["id_token"]!.GetValue<string>();
        var before = await fx.Provider.TokenRequestCountAsync("refresh_token");

        var (code, stdout, stderr) = await NereidProcess.RunAsync(TokenArgs, new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = dir });

        code.ShouldBe(0, stderr);
        var status = Status(stdout);
        status.GetProperty("token").GetString().ShouldBe(idToken);
        DateTimeOffset.Parse(status.GetProperty("expirationTimestamp").GetString()!).ShouldBeGreaterThan(TimeProvider.System.GetUtcNow());
        (await fx.Provider.TokenRequestCountAsync("refresh_token")).ShouldBe(before);
    }

    [Fact]
    public async Task AuthToken_100ConcurrentWithExpiredToken_ExactlyOneRefresh()
    {
        var dir = fx.CopyLogin();
        var entry = ReadCache(dir);
        var oldToken = entry["id_token"]!.GetValue<string>();
        entry["expires_at"] = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds();
        WriteCache(dir, entry);
        var before = await fx.Provider.TokenRequestCountAsync("refresh_token");

        var env = new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = dir };
        var runs = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => NereidProcess.RunAsync(TokenArgs, env)));

        (await fx.Provider.TokenRequestCountAsync("refresh_token")).ShouldBe(before + 1);
        var tokens = runs.Select(r =>
        {
            r.ExitCode.ShouldBe(0, r.Stderr);
            return Status(r.Stdout).GetProperty("token").GetString();
        }).Distinct().ToList();
        var newToken = tokens.ShouldHaveSingleItem();
        newToken.ShouldNotBe(oldToken);
        ReadCache(dir)["id_token"]!.GetValue<string>().ShouldBe(newToken);
        File.GetUnixFileMode(CacheFile(dir)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task AuthToken_ExpiredWithoutRefreshToken_TellsToLoginAndExits1()
    {
        var dir = fx.CopyLogin();
        var entry = ReadCache(dir);
        entry["expires_at"] = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds();
        entry.Remove("refresh_token");
        WriteCache(dir, entry);

        var (code, stdout, stderr) = await NereidProcess.RunAsync(TokenArgs, new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = dir });

        code.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain($"nereid login --issuer {fx.Provider.Issuer} --client-id {OidcProviderServer.CliClientId}");
    }

    [Fact]
    public async Task AuthToken_RefreshTokenRevoked_DroppedAfterOneRequestAndToldOnceToLogIn()
    {
        // Own login: revoking the shared fixture login's refresh token would break the other tests.
        var dir = Directory.CreateTempSubdirectory("nereid-revoked-").FullName;
        var (loginCode, loginStderr) = await fx.LoginAsync(dir, "bob");
        loginCode.ShouldBe(0, loginStderr);
        var entry = ReadCache(dir);
        await fx.Provider.RevokeAsync(entry["refresh_token"]!.GetValue<string>());
        entry["expires_at"] = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds();
        WriteCache(dir, entry);
        var before = await fx.Provider.TokenRequestCountAsync("refresh_token");
        var env = new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = dir };

        var first = await NereidProcess.RunAsync(TokenArgs, env);
        var later = new List<(int ExitCode, string Stdout, string Stderr)>();
        for (var i = 0; i < 4; i++)
        {
            later.Add(await NereidProcess.RunAsync(TokenArgs, env));
        }

        (await fx.Provider.TokenRequestCountAsync("refresh_token")).ShouldBe(before + 1);
        first.ExitCode.ShouldBe(1);
        first.Stdout.ShouldBeEmpty();
        var lines = first.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldHaveSingleItem().ShouldContain("has ended");
        lines[0].ShouldContain($"nereid login --issuer {fx.Provider.Issuer} --client-id {OidcProviderServer.CliClientId}");
        ReadCache(dir).ContainsKey("refresh_token").ShouldBeFalse();
        foreach (var run in later)
        {
            run.ExitCode.ShouldBe(1);
            run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem().ShouldContain("nereid login --issuer");
        }
    }

    [Fact]
    public async Task AuthToken_DiscoveryNamesAnotherIssuer_SaysSoInsteadOfUnreachable()
    {
        var dir = fx.CopyLogin();
        var entry = ReadCache(dir);
        entry["expires_at"] = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds();
        var misnamed = fx.Provider.Issuer.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        // The same login filed under the misnamed issuer, as if the kubeconfig named it that way.
        entry["issuer"] = misnamed;
        var tokens = Path.Combine(dir, "tokens");
        File.Delete(CacheFile(dir));
        var target = Path.Combine(tokens, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(misnamed + "|" + OidcProviderServer.CliClientId))) + ".json");
        File.WriteAllText(target, entry.ToJsonString());
        var before = await fx.Provider.TokenRequestCountAsync("refresh_token");

        var (code, stdout, stderr) = await NereidProcess.RunAsync(
            ["auth", "token", "--issuer", misnamed, "--client-id", OidcProviderServer.CliClientId],
            new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = dir });

        code.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain($"names the issuer '{fx.Provider.Issuer}'");
        stderr.ShouldNotContain("could not be reached");
        (await fx.Provider.TokenRequestCountAsync("refresh_token")).ShouldBe(before);
    }

    [Fact]
    public async Task AuthToken_NeverLoggedIn_TellsToLoginAndExits1()
    {
        var dir = Directory.CreateTempSubdirectory("nereid-empty-").FullName;
        var (code, _, stderr) = await NereidProcess.RunAsync(TokenArgs, new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = dir });
        code.ShouldBe(1);
        stderr.ShouldContain("nereid login --issuer");
    }

    [Fact]
    public async Task Whoami_NoPersonalToken_SendsCachedOidcToken()
    {
        var dir = fx.CopyLogin();
        await using var api = await Api.FakeNereidApi.StartAsync();
        api.AcceptedToken = ReadCache(dir)["id_token"]!.GetValue<string>();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var vars = new Dictionary<string, string> { ["HOME"] = dir, ["NEREID_CACHE_DIR"] = dir, ["NEREID_SERVER"] = api.BaseUrl };
        var env = new CliEnvironment { Out = stdout, Err = stderr, GetVariable = vars.GetValueOrDefault };

        var code = await CliApp.RunAsync(["whoami"], env, CancellationToken.None);

        code.ShouldBe(0, stderr.ToString());
        stdout.ToString().ShouldContain("alice@ucsd.edu");
    }
}
