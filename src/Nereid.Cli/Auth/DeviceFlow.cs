using System.Text.Json;

namespace Nereid.Cli.Auth;

/// <summary>OAuth 2.0 Device Authorization Grant (RFC 8628): show a code, poll the token endpoint until the person approves.</summary>
internal static class DeviceFlow
{
    private const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    public static async Task<TokenCacheEntry> RunAsync(CliEnvironment env, OidcClient client, DiscoveryDocument discovery, string scope, CancellationToken cancellationToken)
    {
        using var start = await client.StartDeviceAuthorizationAsync(discovery.DeviceAuthorizationEndpoint!, scope, cancellationToken);
        var root = start.RootElement;
        string? Str(string n) => root.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var deviceCode = Str("device_code") ?? throw new CliException("the issuer returned no device code");
        var interval = TimeSpan.FromSeconds(root.TryGetProperty("interval", out var i) && i.TryGetInt32(out var s) ? s : 5);
        await env.Err.WriteLineAsync($"To log in, open {Str("verification_uri")} and enter the code {Str("user_code")}");
        if (Str("verification_uri_complete") is { } complete)
        {
            await env.Err.WriteLineAsync($"or open {complete}");
        }
        await env.Err.FlushAsync(cancellationToken);
        while (true)
        {
            await Task.Delay(interval, env.Time, cancellationToken);
            var (entry, error) = await client.RequestTokensAsync(discovery.TokenEndpoint, new() { ["grant_type"] = GrantType, ["device_code"] = deviceCode }, null, cancellationToken);
            switch (error)
            {
                case null when entry?.IdToken is not null:
                    return entry;
                case "authorization_pending":
                    continue;
                case "slow_down":
                    interval += TimeSpan.FromSeconds(5);
                    continue;
                case "access_denied":
                    throw new CliException("the login was refused");
                case "expired_token":
                    throw new CliException("the code expired before the login was approved; run nereid login again");
                default:
                    throw new CliException($"the device login failed ({error ?? "no id_token"})");
            }
        }
    }
}
