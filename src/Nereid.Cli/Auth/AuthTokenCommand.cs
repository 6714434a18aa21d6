using System.Text;
using System.Text.Json;

namespace Nereid.Cli.Auth;

/// <summary>
/// <c>nereid auth token --issuer &lt;url&gt; --client-id &lt;id&gt;</c>: the kubectl exec credential plugin. Prints an
/// ExecCredential with the cached ID token while it has more than a minute left; otherwise refreshes it under an
/// exclusive lock, re-reading the cache once the lock is held, so any number of concurrent kubectl processes
/// cause one refresh (kubernetes/kubernetes#78494). Parsed by hand: this runs on every kubectl call.
/// </summary>
internal static class AuthTokenCommand
{
    /// <summary>Tokens closer than this to expiry are refreshed (kubectl may hold the token for a while).</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(ReadOnlyMemory<string> args, CliEnvironment env, CancellationToken cancellationToken)
    {
        string? issuer = null, clientId = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args.Span[i];
            string? Next() => i + 1 < args.Length ? args.Span[++i] : null;
            if (arg == "--issuer") issuer = Next();
            else if (arg.StartsWith("--issuer=", StringComparison.Ordinal)) issuer = arg["--issuer=".Length..];
            else if (arg == "--client-id") clientId = Next();
            else if (arg.StartsWith("--client-id=", StringComparison.Ordinal)) clientId = arg["--client-id=".Length..];
            else
            {
                await env.Err.WriteLineAsync($"nereid auth token: unknown argument '{arg}'. Usage: nereid auth token --issuer <url> --client-id <id>");
                return 2;
            }
        }
        if (string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(clientId))
        {
            await env.Err.WriteLineAsync("Usage: nereid auth token --issuer <url> --client-id <id>");
            return 2;
        }

        var cache = new TokenCache(env);
        var path = cache.PathFor(issuer, clientId);
        var entry = cache.Read(path);
        if (!IsFresh(entry, env.Time))
        {
            try
            {
                entry = await RefreshUnderLockAsync(cache, path, issuer, clientId, env, cancellationToken);
            }
            catch (CliException ex)
            {
                await env.Err.WriteLineAsync($"nereid: {ex.Message}");
                entry = null;
            }
            catch (HttpRequestException ex)
            {
                await env.Err.WriteLineAsync($"nereid: the issuer {issuer} could not be reached ({ex.Message}).");
                return 1;
            }
            if (entry is null)
            {
                await env.Err.WriteLineAsync($"nereid: you are not logged in (or your session expired). Run `nereid login --issuer {issuer} --client-id {clientId}`.");
                return 1;
            }
        }
        await env.Out.WriteAsync(ExecCredentialJson(entry!.IdToken!, entry.ExpiresAt, env.GetVariable("KUBERNETES_EXEC_INFO") is { } info && AuthTokenFastPath.Interactive(info)));
        await env.Out.FlushAsync(cancellationToken);
        return 0;
    }

    public static bool IsFresh(TokenCacheEntry? entry, TimeProvider time) =>
        entry?.IdToken is not null && DateTimeOffset.FromUnixTimeSeconds(entry.ExpiresAt) - RefreshMargin > time.GetUtcNow();

    /// <summary>Returns fresh tokens (refreshed now or by another process meanwhile), or null when a login is needed.</summary>
    public static async Task<TokenCacheEntry?> RefreshUnderLockAsync(TokenCache cache, string path, string issuer, string clientId, CliEnvironment env, CancellationToken cancellationToken)
    {
        cache.EnsureDirectory();
        await using var held = await FileLock.AcquireAsync(path + ".lock", TimeSpan.FromSeconds(60), env.Time, cancellationToken);
        // Whoever held the lock before us may have refreshed already: then there is nothing to do.
        var entry = cache.Read(path);
        if (IsFresh(entry, env.Time))
        {
            return entry;
        }
        if (entry?.RefreshToken is null)
        {
            return null;
        }
        using var http = env.CreateHttpClient();
        var client = new OidcClient(http, issuer, clientId, env.Time);
        var discovery = await client.DiscoverAsync(cancellationToken);
        var (refreshed, error) = await client.RefreshAsync(discovery.TokenEndpoint, entry.RefreshToken, cancellationToken);
        if (refreshed?.IdToken is null)
        {
            await env.Err.WriteLineAsync($"nereid: refreshing the token failed ({error ?? "no id_token in the response"}).");
            return null;
        }
        cache.Write(path, refreshed);
        return refreshed;
    }

    /// <summary>RFC 3339 UTC timestamp, formatted by hand: DateTime's format-string parser costs measurable start-up time.</summary>
    public static string Rfc3339(long unixSeconds)
    {
        var t = DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime;
        Span<char> buffer = stackalloc char[20];
        Write(buffer, 0, t.Year, 4);
        buffer[4] = '-';
        Write(buffer, 5, t.Month, 2);
        buffer[7] = '-';
        Write(buffer, 8, t.Day, 2);
        buffer[10] = 'T';
        Write(buffer, 11, t.Hour, 2);
        buffer[13] = ':';
        Write(buffer, 14, t.Minute, 2);
        buffer[16] = ':';
        Write(buffer, 17, t.Second, 2);
        buffer[19] = 'Z';
        return new string(buffer);

        static void Write(Span<char> buffer, int offset, int value, int digits)
        {
            for (var i = digits - 1; i >= 0; i--)
            {
                buffer[offset + i] = (char)('0' + value % 10);
                value /= 10;
            }
        }
    }

    public static string ExecCredentialJson(string token, long expiresAt, bool interactive = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "ExecCredential");
            writer.WriteString("apiVersion", "client.authentication.k8s.io/v1");
            writer.WriteStartObject("spec");
            writer.WriteBoolean("interactive", interactive);
            writer.WriteEndObject();
            writer.WriteStartObject("status");
            writer.WriteString("expirationTimestamp", Rfc3339(expiresAt));
            writer.WriteString("token", token);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
