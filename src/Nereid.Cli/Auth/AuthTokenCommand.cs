using System.Text;
using System.Text.Json;

namespace Nereid.Cli.Auth;

/// <summary>
/// <c>nereid auth token --issuer &lt;url&gt; --client-id &lt;id&gt;</c>: the kubectl exec credential plugin. Prints an
/// ExecCredential with the cached ID token while it is fresh (see <see cref="RefreshMargin"/>); otherwise refreshes
/// it under an exclusive lock, re-reading the cache once the lock is held, so any number of concurrent kubectl
/// processes cause one refresh (kubernetes/kubernetes#78494). Parsed by hand: this runs on every kubectl call.
/// </summary>
internal static class AuthTokenCommand
{
    /// <summary>Longest refresh margin: kubectl may hold a token for a while before it sends it.</summary>
    public static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Tokens closer than this to expiry are refreshed: a quarter of the token's lifetime, at most
    /// <see cref="MaxRefreshMargin"/>. A fixed minute made every 30 s token stale the moment it was issued, so each
    /// process waiting on the lock refreshed again. Unknown lifetime (no issue time) → the longest margin.
    /// </summary>
    public static TimeSpan RefreshMargin(long issuedAt, long expiresAt)
    {
        var lifetime = expiresAt - issuedAt;
        return issuedAt <= 0 || lifetime <= 0
            ? MaxRefreshMargin
            : TimeSpan.FromSeconds(Math.Min(MaxRefreshMargin.TotalSeconds, lifetime / 4.0));
    }

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
                entry = await RefreshUnderLockAsync(cache, path, issuer, clientId, entry, env, cancellationToken);
            }
            catch (CliException ex)
            {
                // One message per call, whatever went wrong: kubectl shows stderr to the person as it is.
                await env.Err.WriteLineAsync($"nereid: {ex.Message}");
                return 1;
            }
            catch (HttpRequestException ex)
            {
                await env.Err.WriteLineAsync($"nereid: the issuer {issuer} could not be reached ({ex.Message}).");
                return 1;
            }
        }
        await env.Out.WriteAsync(ExecCredentialJson(entry!.IdToken!, entry.ExpiresAt, env.GetVariable("KUBERNETES_EXEC_INFO") is { } info && AuthTokenFastPath.Interactive(info)));
        await env.Out.FlushAsync(cancellationToken);
        return 0;
    }

    public static bool IsFresh(TokenCacheEntry? entry, TimeProvider time)
    {
        if (entry?.IdToken is null)
        {
            return false;
        }
        // Caches written before issued_at was stored: the token's own iat gives the lifetime.
        var issuedAt = entry.IssuedAt > 0 ? entry.IssuedAt : Jwt.IssuedAt(entry.IdToken) ?? 0;
        return DateTimeOffset.FromUnixTimeSeconds(entry.ExpiresAt) - RefreshMargin(issuedAt, entry.ExpiresAt) > time.GetUtcNow();
    }

    /// <summary>
    /// Returns fresh tokens: refreshed now, or stored by another process while this one waited for the lock.
    /// Throws <see cref="CliException"/> with the one sentence to show when the person must log in again; a refresh
    /// token the issuer answered with <c>invalid_grant</c> is removed from the cache at once, so no later call sends it.
    /// </summary>
    /// <param name="seen">The entry read before waiting for the lock (null if none).</param>
    public static async Task<TokenCacheEntry> RefreshUnderLockAsync(TokenCache cache, string path, string issuer, string clientId, TokenCacheEntry? seen, CliEnvironment env, CancellationToken cancellationToken)
    {
        var loginHint = $"Run `nereid login --issuer {issuer} --client-id {clientId}`.";
        cache.EnsureDirectory();
        await using var held = await FileLock.AcquireAsync(path + ".lock", TimeSpan.FromSeconds(60), env.Time, cancellationToken);
        var entry = cache.Read(path);
        if (IsFresh(entry, env.Time))
        {
            return entry!;
        }
        // A neighbour refreshed while we waited: its token is the newest there is, even if it is already inside
        // the margin (a short-lived token under load); refreshing again would only add load on the issuer.
        if (entry?.IdToken is not null && entry.IdToken != seen?.IdToken
            && DateTimeOffset.FromUnixTimeSeconds(entry.ExpiresAt) > env.Time.GetUtcNow())
        {
            return entry;
        }
        if (entry?.RefreshToken is null)
        {
            throw new CliException($"you are not logged in (or your session expired). {loginHint}");
        }
        using var http = env.CreateHttpClient();
        var client = new OidcClient(http, issuer, clientId, env.Time);
        var discovery = await client.DiscoverAsync(cancellationToken);
        var (refreshed, error) = await client.RefreshAsync(discovery.TokenEndpoint, entry.RefreshToken, cancellationToken);
        if (error == "invalid_grant")
        {
            // RFC 6749 §5.2: the refresh token is invalid, expired or revoked; it will never work again.
            cache.Write(path, entry with { RefreshToken = null });
            throw new CliException($"your session at {issuer} has ended (the issuer no longer accepts your refresh token). {loginHint}");
        }
        if (refreshed?.IdToken is null)
        {
            throw new CliException($"refreshing the token failed ({error ?? "no id_token in the response"}). Try again; if it keeps failing, {char.ToLowerInvariant(loginHint[0])}{loginHint[1..]}");
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
