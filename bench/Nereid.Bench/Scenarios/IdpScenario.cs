using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nereid.Bench.Reporting;
using Nereid.TestSupport.Processes;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>idp</c>: refresh-token grants at Nereid's own OpenID provider on the embedded default (SQLite), from
/// <c>--clients</c> (32) concurrent clients, each following its own rotating refresh-token chain for <c>--duration</c>
/// s (10) after <c>--warmup</c> s (15, in a child process with the tiering delay off: see <see cref="TieringRelaunch"/>). Every grant is checked afterwards: its ID and access tokens validate against the
/// JWKS the server publishes (issuer, audience, lifetime, RS256), and each new refresh token replaced the old one.
/// The floor is measured in the same run and the same process, on the same cores: the server is hosted in this
/// process (as Program.cs builds it), so <c>sign_floor_per_s</c> is the rate at which <c>--clients</c> tasks sign the
/// same access-token payload with the provider's own signing credentials (taken from OpenIddict's options) through
/// <see cref="JsonWebTokenHandler"/> — the work a grant cannot avoid — and <c>ratio</c> says how close the grant path
/// (HTTP, database, rotation, two signatures per grant) comes to it. <c>rss_mb</c> is this process's (server and clients).
/// </summary>
public sealed class IdpScenario : IBenchScenario
{
    private const string ClientId = "bench-cli";
    private const string RedirectUri = "http://127.0.0.1/callback";
    private const string AdminPassword = "bench-admin-password";

    public string Name => "idp";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        // The server runs in this process: measured after a few seconds of a fresh start, the grant path still ran
        // tier-0 code (a perf profile showed the pipeline's frames "QuickJitted" and the tiered compiler busy), which a
        // server that has run for minutes is past. As for reconcile, the tiering delay is off in a child process.
        if (await TieringRelaunch.RunInChildAsync(Name, args, cancellationToken) is { } exitCode)
            return exitCode;
        var options = new BenchArguments(args);
        var clients = options.Int("clients", 32);
        var warmUp = options.Seconds("warmup", TimeSpan.FromSeconds(15));
        var duration = options.Seconds("duration", TimeSpan.FromSeconds(10));
        var dir = Directory.CreateTempSubdirectory("nereid-idp-bench-").FullName;
        var port = FreePort.Get();
        var baseUrl = $"http://127.0.0.1:{port}";

        await using var app = await InProcessNereid.StartAsync(baseUrl, new Dictionary<string, string>
        {
            // The embedded default as shipped: the connection string Nereid builds for its data directory.
            ["Nereid:Database:DataDirectory"] = dir,
            ["Nereid:Auth:BootstrapAdminPassword"] = AdminPassword,
            ["Nereid:Provider:AllowHttp"] = "true",
        }, cancellationToken);
        await RegisterClientAsync(app, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = new Uri(baseUrl) };
        var chains = await SignInAndStartChainsAsync(baseUrl, clients, cancellationToken);
        Console.Error.WriteLine($"idp: server on {baseUrl} (SQLite in {dir}), {clients} refresh-token chains");

        await RefreshLoadAsync(http, chains, warmUp, keep: false, cancellationToken);
        var grants = await RefreshLoadAsync(http, chains, duration, keep: true, cancellationToken);
        var floor = await SignFloorAsync(app, grants[0].AccessToken, clients, warmUp, duration, cancellationToken);
        var rss = ProcessMemory.RssMegabytes();
        var wrong = await CheckGrantsAsync(http, grants, cancellationToken);
        // Stopped before it is disposed: its background services (leader leases, mail) end while their services exist.
        await app.StopAsync(cancellationToken);

        var grantsPerSecond = grants.Count / duration.TotalSeconds;
        var latencies = grants.Select(g => g.Milliseconds).Order().ToArray();
        var p99 = latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(latencies.Length * 0.99) - 1)];
        Console.Error.WriteLine($"  grants {grants.Count} in {duration.TotalSeconds:0} s, wrong {wrong}, p50 {latencies[latencies.Length / 2]:0.00} ms, p99 {p99:0.00} ms; sign floor {floor:0}/s");
        ResultLine.Print(Name,
            ("grants_per_s", grantsPerSecond),
            ("sign_floor_per_s", floor),
            ("ratio", grantsPerSecond / floor),
            ("p99_ms", p99),
            ("rss_mb", rss));
        return wrong == 0 && grants.Count > 0 ? 0 : 1;
    }

    private static async Task RegisterClientAsync(WebApplication app, CancellationToken ct)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientType = ClientTypes.Public,
            DisplayName = "idp bench",
            RedirectUris = { new Uri(RedirectUri) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scopes.Email, Permissions.Prefixes.Scope + Scopes.Profile, Permissions.Prefixes.Scope + "groups",
            },
        }, ct);
    }

    /// <summary>Signs the bootstrap admin in through /login and runs code + PKCE once per client: one refresh token each.</summary>
    private static async Task<string[]> SignInAndStartChainsAsync(string baseUrl, int clients, CancellationToken ct)
    {
        var (browser, token) = await InProcessNereid.FormClientAsync(baseUrl, ct);
        using var _ = browser;
        using var signIn = await InProcessNereid.PostLoginAsync(browser, token, "admin", AdminPassword, ct);
        if (signIn.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"bench sign-in failed: {(int)signIn.StatusCode}");
        var chains = new string[clients];
        for (var i = 0; i < clients; i++)
        {
            var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            using var authorize = await browser.GetAsync($"/connect/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}" +
                $"&scope={Uri.EscapeDataString("openid email profile groups offline_access")}&state=s{i}&code_challenge={challenge}&code_challenge_method=S256", ct);
            var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Headers.Location?.Query)["code"].ToString();
            using var redeem = await browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri, ["code_verifier"] = verifier, ["client_id"] = ClientId,
            }), ct);
            using var body = JsonDocument.Parse(await redeem.Content.ReadAsStringAsync(ct));
            chains[i] = body.RootElement.GetProperty("refresh_token").GetString()!;
        }
        return chains;
    }

    private sealed record Grant(string OldRefreshToken, string RefreshToken, string IdToken, string AccessToken, double Milliseconds);

    /// <summary>Every chain refreshes back to back for <paramref name="length"/>; returns the grants when <paramref name="keep"/>.</summary>
    private static async Task<List<Grant>> RefreshLoadAsync(HttpClient http, string[] chains, TimeSpan length, bool keep, CancellationToken ct)
    {
        var results = new List<Grant>[chains.Length];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(chains.Select((_, i) => Task.Run(async () =>
        {
            results[i] = [];
            while (clock.Elapsed < length)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token", ["refresh_token"] = chains[i], ["client_id"] = ClientId,
                }), ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"refresh grant refused: {(int)response.StatusCode} {text}");
                using var body = JsonDocument.Parse(text);
                var grant = new Grant(chains[i], body.RootElement.GetProperty("refresh_token").GetString()!,
                    body.RootElement.GetProperty("id_token").GetString()!, body.RootElement.GetProperty("access_token").GetString()!, ms);
                chains[i] = grant.RefreshToken;
                if (keep && clock.Elapsed <= length)
                    results[i].Add(grant);
            }
        }, ct)));
        return [.. results.SelectMany(r => r)];
    }

    /// <summary>Signatures per second of <paramref name="sample"/>'s payload with the provider's own key, <paramref name="workers"/> at a time.</summary>
    private static async Task<double> SignFloorAsync(WebApplication app, string sample, int workers, TimeSpan warmUp, TimeSpan length, CancellationToken ct)
    {
        var credentials = app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials[0];
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(sample.Split('.')[1]));
        var handler = new JsonWebTokenHandler();
        async Task<long> RunAsync(TimeSpan span)
        {
            long count = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() =>
            {
                while (clock.Elapsed < span)
                {
                    _ = handler.CreateToken(payload, credentials);
                    Interlocked.Increment(ref count);
                }
            }, ct)));
            return count;
        }
        await RunAsync(warmUp);
        return await RunAsync(length) / length.TotalSeconds;
    }

    /// <summary>Counts grants whose tokens do not validate against the published JWKS or whose chain did not rotate.</summary>
    private static async Task<int> CheckGrantsAsync(HttpClient http, List<Grant> grants, CancellationToken ct)
    {
        using var discovery = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration", ct));
        var issuer = discovery.RootElement.GetProperty("issuer").GetString()!;
        var keys = new JsonWebKeySet(await http.GetStringAsync(discovery.RootElement.GetProperty("jwks_uri").GetString(), ct)).GetSigningKeys();
        var handler = new JsonWebTokenHandler();
        TokenValidationParameters Parameters(bool audience) => new()
        {
            ValidIssuer = issuer, ValidateAudience = audience, ValidAudience = ClientId, IssuerSigningKeys = keys, ValidAlgorithms = ["RS256"],
        };
        var wrong = 0;
        foreach (var g in grants)
        {
            var id = await handler.ValidateTokenAsync(g.IdToken, Parameters(audience: true));
            var access = await handler.ValidateTokenAsync(g.AccessToken, Parameters(audience: false));
            if (!id.IsValid || !access.IsValid || g.RefreshToken == g.OldRefreshToken)
                wrong++;
        }
        // Rotation: no refresh token was ever handed out twice.
        if (grants.Select(g => g.RefreshToken).Distinct(StringComparer.Ordinal).Count() != grants.Count)
            wrong++;
        return wrong;
    }
}
