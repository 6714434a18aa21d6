using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nereid.TestSupport.Oidc;

/// <summary>
/// Runs the real OpenID provider in <c>tests/oidc-provider/server.js</c> (panva/oidc-provider) on a free
/// loopback port for the lifetime of a test fixture. Accounts live in a JSON file the provider re-reads
/// on every lookup, so <see cref="SetAccountClaimsAsync"/> takes effect on the next login or refresh.
/// </summary>
public sealed class OidcProviderServer : IAsyncDisposable
{
    /// <summary>Confidential client for the web portal (client_secret_basic, redirect path <c>/signin-oidc</c> on any loopback port).</summary>
    public const string PortalClientId = "nereid-portal";
    /// <summary>Secret of <see cref="PortalClientId"/>.</summary>
    public const string PortalClientSecret = "portal-secret-for-tests-only";
    /// <summary>Public native client for the CLI (PKCE required, refresh tokens, device flow, loopback <c>/callback</c>).</summary>
    public const string CliClientId = "nereid-cli";

    private Process _process;
    private readonly string _directory;
    private readonly HttpClient _http = new();

    private OidcProviderServer(Process process, string directory, string issuer)
    {
        _process = process;
        _directory = directory;
        Issuer = issuer;
    }

    /// <summary>The issuer URL, <c>http://127.0.0.1:&lt;port&gt;</c> (no trailing slash).</summary>
    public string Issuer { get; }

    /// <summary>Path of the accounts file (account id → claims).</summary>
    public string AccountsFile => Path.Combine(_directory, "accounts.json");

    /// <summary>Starts the provider and waits until it prints <c>READY &lt;issuer&gt;</c>.</summary>
    public static async Task<OidcProviderServer> StartAsync(OidcProviderServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new OidcProviderServerOptions();
        var root = RepoRoot.Find();
        var providerDir = Path.Combine(root, "tests", "oidc-provider");
        await EnsureNodeModulesAsync(providerDir, cancellationToken);

        var directory = Directory.CreateTempSubdirectory("nereid-oidc-").FullName;
        var accounts = new JsonObject();
        foreach (var (id, claims) in options.Accounts)
        {
            accounts[id] = ToJson(claims);
        }
        await File.WriteAllTextAsync(Path.Combine(directory, "accounts.json"), accounts.ToJsonString(), cancellationToken);
        var configFile = Path.Combine(directory, "config.json");
        await File.WriteAllTextAsync(configFile, BuildConfig(directory, options).ToJsonString(), cancellationToken);

        var (process, issuer) = await LaunchAsync(providerDir, configFile, 0, cancellationToken);
        return new OidcProviderServer(process, directory, issuer);
    }

    /// <summary>
    /// Stops the provider and starts it again on the same port with the same clients and accounts. It generates a
    /// new signing key under the same <c>kid</c> (as providers that keep no keys across restarts do), and forgets
    /// its sessions, grants and refresh tokens.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        _process.Dispose();
        var providerDir = Path.Combine(RepoRoot.Find(), "tests", "oidc-provider");
        var port = new Uri(Issuer).Port;
        (_process, var issuer) = await LaunchAsync(providerDir, Path.Combine(_directory, "config.json"), port, cancellationToken);
        if (issuer != Issuer)
        {
            throw new InvalidOperationException($"oidc-provider restarted as {issuer}, not {Issuer}");
        }
    }

    private static async Task<(Process Process, string Issuer)> LaunchAsync(string providerDir, string configFile, int port, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = providerDir };
        psi.ArgumentList.Add(Path.Combine(providerDir, "server.js"));
        psi.ArgumentList.Add(configFile);
        psi.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("oidc-provider exited before it was ready");
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                // Keep draining stdout so the child never blocks on a full pipe.
                _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } }, CancellationToken.None);
                return (process, line["READY ".Length..].Trim());
            }
        }
    }

    /// <summary>Replaces the claims of an account (creating it if needed); the next login or refresh sees them.</summary>
    public async Task SetAccountClaimsAsync(string accountId, IReadOnlyDictionary<string, string> claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(claims);
        var accounts = JsonNode.Parse(await File.ReadAllTextAsync(AccountsFile, cancellationToken))!.AsObject();
        accounts[accountId] = ToJson(claims);
        var temp = AccountsFile + ".tmp";
        await File.WriteAllTextAsync(temp, accounts.ToJsonString(), cancellationToken);
        File.Move(temp, AccountsFile, overwrite: true);
    }

    /// <summary>How many requests the token endpoint received with this <c>grant_type</c>.</summary>
    public async Task<int> TokenRequestCountAsync(string grantType, CancellationToken cancellationToken = default)
    {
        var counts = await _http.GetFromJsonAsync<Dictionary<string, int>>($"{Issuer}/_test/token-requests", cancellationToken);
        return counts is not null && counts.TryGetValue(grantType, out var n) ? n : 0;
    }

    /// <summary>Revokes a token at the provider's revocation endpoint (RFC 7009) as the public CLI client.</summary>
    public async Task RevokeAsync(string token, CancellationToken cancellationToken = default)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["client_id"] = CliClientId });
        using var response = await _http.PostAsync($"{Issuer}/token/revocation", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> claims)
    {
        var o = new JsonObject();
        foreach (var (k, v) in claims)
        {
            o[k] = v;
        }
        return o;
    }

    private static JsonObject BuildConfig(string directory, OidcProviderServerOptions options) => new()
    {
        ["accountsFile"] = Path.Combine(directory, "accounts.json"),
        ["ttl"] = new JsonObject
        {
            ["AccessToken"] = (int)options.AccessTokenLifetime.TotalSeconds,
            ["IdToken"] = (int)options.IdTokenLifetime.TotalSeconds,
        },
        ["clients"] = new JsonArray(
            // application_type native makes loopback redirect URIs port-agnostic (RFC 8252 §7.3), so the
            // test web app can bind port 0 after the provider started.
            new JsonObject
            {
                ["client_id"] = PortalClientId,
                ["client_secret"] = PortalClientSecret,
                ["application_type"] = "native",
                ["token_endpoint_auth_method"] = "client_secret_basic",
                ["redirect_uris"] = new JsonArray(options.PortalCallbackPaths.Select(p => (JsonNode?)JsonValue.Create("http://127.0.0.1" + p)).ToArray()),
                // Where the portal's OpenID Connect handler wants the browser back after RP-initiated logout.
                ["post_logout_redirect_uris"] = new JsonArray(options.PortalCallbackPaths.Select(p => (JsonNode?)JsonValue.Create("http://127.0.0.1" + p + "/signed-out")).ToArray()),
                ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
                ["response_types"] = new JsonArray("code"),
            },
            new JsonObject
            {
                ["client_id"] = CliClientId,
                ["application_type"] = "native",
                ["token_endpoint_auth_method"] = "none",
                ["redirect_uris"] = new JsonArray("http://127.0.0.1/callback"),
                ["grant_types"] = new JsonArray("authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"),
                ["response_types"] = new JsonArray("code"),
            }),
    };

    private static async Task EnsureNodeModulesAsync(string providerDir, CancellationToken cancellationToken)
    {
        if (Directory.Exists(Path.Combine(providerDir, "node_modules", "oidc-provider")))
        {
            return;
        }
        var psi = new ProcessStartInfo("npm", "install --no-audit --no-fund") { WorkingDirectory = providerDir };
        using var npm = Process.Start(psi) ?? throw new InvalidOperationException("could not start npm");
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install failed in {providerDir}");
        }
    }
}
