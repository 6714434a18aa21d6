using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nereid.Cli.Auth;

/// <summary>
/// <c>nereid login --issuer &lt;url&gt; --client-id &lt;id&gt; [--device] [--no-browser] [--scope …]</c>: authorization code +
/// PKCE (S256) + state + nonce through a loopback redirect, or the device flow (RFC 8628) when asked for or when
/// there is no display. Stores the tokens in the cache <c>nereid auth token</c> reads.
/// </summary>
internal static class LoginCommand
{
    private static readonly TimeSpan LoginTimeout = TimeSpan.FromMinutes(5);

    public static Command Create(CliEnvironment env)
    {
        var issuer = new Option<string>("--issuer") { Description = "OIDC issuer URL", Required = true };
        var clientId = new Option<string>("--client-id") { Description = "OIDC client id of the CLI", Required = true };
        var device = new Option<bool>("--device") { Description = "Use the device flow (enter a code on another device)" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Only print the login URL, do not open a browser" };
        var scopes = new Option<string[]>("--scope") { Description = "Extra scopes (default: openid profile email offline_access)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("login", "Log in with your institution and cache tokens for kubectl and the API") { issuer, clientId, device, noBrowser, scopes };
        command.SetAction((parse, ct) => RunAsync(env, parse.GetValue(issuer)!, parse.GetValue(clientId)!, parse.GetValue(device),
            parse.GetValue(noBrowser), parse.GetValue(scopes) ?? [], ct));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment env, string issuer, string clientId, bool device, bool noBrowser, string[] extraScopes, CancellationToken cancellationToken)
    {
        var scope = string.Join(' ', new[] { "openid", "profile", "email", "offline_access" }.Concat(extraScopes).Distinct());
        using var http = env.CreateHttpClient();
        var client = new OidcClient(http, issuer, clientId, env.Time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LoginTimeout);
        var discovery = await client.DiscoverAsync(timeout.Token);
        var noDisplay = string.IsNullOrEmpty(env.GetVariable("DISPLAY")) && string.IsNullOrEmpty(env.GetVariable("WAYLAND_DISPLAY"));
        var useDevice = discovery.DeviceAuthorizationEndpoint is not null && (device || (noDisplay && !noBrowser));
        if (device && discovery.DeviceAuthorizationEndpoint is null)
        {
            throw new CliException("this issuer does not offer the device flow; run without --device");
        }
        var entry = useDevice
            ? await DeviceFlow.RunAsync(env, client, discovery, scope, timeout.Token)
            : await BrowserFlowAsync(env, client, discovery, scope, openBrowser: !noBrowser && !noDisplay, timeout.Token);
        var cache = new TokenCache(env);
        cache.Write(cache.PathFor(issuer, clientId), entry);
        cache.WriteLastLogin(new LastLogin { Issuer = client.Issuer, ClientId = clientId });
        var who = Jwt.StringClaim(entry.IdToken, "email") ?? Jwt.StringClaim(entry.IdToken, "sub");
        await env.Err.WriteLineAsync($"Logged in as {who}.");
        return 0;
    }

    private static async Task<TokenCacheEntry> BrowserFlowAsync(CliEnvironment env, OidcClient client, DiscoveryDocument discovery, string scope, bool openBrowser, CancellationToken cancellationToken)
    {
        using var callback = new LoopbackCallback();
        var state = RandomString();
        var nonce = RandomString();
        var verifier = RandomString();
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var url = discovery.AuthorizationEndpoint + (discovery.AuthorizationEndpoint.Contains('?') ? "&" : "?") + string.Join('&',
            new Dictionary<string, string>
            {
                ["response_type"] = "code", ["client_id"] = client.ClientId, ["redirect_uri"] = callback.RedirectUri, ["scope"] = scope,
                ["state"] = state, ["nonce"] = nonce, ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
            }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        await env.Err.WriteLineAsync("Open this URL in a browser to log in:");
        await env.Err.WriteLineAsync(url);
        await env.Err.FlushAsync(cancellationToken);
        if (openBrowser)
        {
            TryOpenBrowser(url);
        }
        var query = await callback.WaitAsync(cancellationToken);
        if (query.TryGetValue("error", out var error))
        {
            throw new CliException($"the issuer refused the login: {error} {query.GetValueOrDefault("error_description")}".TrimEnd());
        }
        if (!query.TryGetValue("state", out var returnedState) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(returnedState), Encoding.UTF8.GetBytes(state)))
        {
            throw new CliException("the login answer did not match this login (state mismatch); please try again");
        }
        var (entry, tokenError) = await client.RequestTokensAsync(discovery.TokenEndpoint, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = query.GetValueOrDefault("code") ?? "",
            ["redirect_uri"] = callback.RedirectUri, ["code_verifier"] = verifier,
        }, null, cancellationToken);
        if (entry?.IdToken is null)
        {
            throw new CliException($"the issuer did not issue tokens ({tokenError ?? "no id_token"})");
        }
        if (Jwt.StringClaim(entry.IdToken, "iss")?.TrimEnd('/') != client.Issuer)
        {
            throw new CliException($"the ID token was issued by {Jwt.StringClaim(entry.IdToken, "iss")}, not {client.Issuer}");
        }
        if (Jwt.StringClaim(entry.IdToken, "nonce") != nonce)
        {
            throw new CliException("the ID token does not belong to this login (nonce mismatch)");
        }
        return entry;
    }

    private static void TryOpenBrowser(string url)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("xdg-open") { ArgumentList = { url }, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No xdg-open: the URL is printed already.
        }
    }

    internal static string RandomString() => Base64Url(RandomNumberGenerator.GetBytes(32));

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
