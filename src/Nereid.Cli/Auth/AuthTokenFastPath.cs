using System.Text;

namespace Nereid.Cli.Auth;

/// <summary>
/// The cached case of <c>nereid auth token</c>: synchronous, and free of System.CommandLine, HttpClient and even
/// System.Text.Json, so a process that only prints a cached token loads and JITs as little as possible (kubectl runs
/// it before every request; measured ~20 ms CPU less than with Utf8JsonReader/Utf8JsonWriter). The cache file is
/// ours and tokens are base64url JWTs, so plain string handling is exact; anything unexpected (other arguments, no
/// cache, token near expiry, unusual characters) falls back to <see cref="AuthTokenCommand"/>.
/// </summary>
internal static class AuthTokenFastPath
{
    /// <summary>Prints the ExecCredential and returns true when a fresh cached token exists.</summary>
    public static bool TryServe(string[] args, CliEnvironment env, Stream? output = null)
    {
        if (args.Length != 6 || args[2] != "--issuer" || args[4] != "--client-id")
        {
            return false;
        }
        string text;
        try
        {
            text = Encoding.UTF8.GetString(File.ReadAllBytes(new TokenCache(env).PathFor(args[3], args[5])));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        var idToken = StringValue(text, "\"id_token\"");
        var expiresAt = NumberValue(text, "\"expires_at\"");
        if (idToken is null || !IsJwtSafe(idToken) || expiresAt is null
            || DateTimeOffset.FromUnixTimeSeconds(expiresAt.Value)
                - AuthTokenCommand.RefreshMargin(NumberValue(text, "\"issued_at\"") ?? 0, expiresAt.Value) <= env.Time.GetUtcNow())
        {
            return false;
        }
        var interactive = env.GetVariable("KUBERNETES_EXEC_INFO") is { } info && Interactive(info);
        var json = "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":{\"interactive\":"
            + (interactive ? "true" : "false") + "},\"status\":{\"expirationTimestamp\":\"" + AuthTokenCommand.Rfc3339(expiresAt.Value)
            + "\",\"token\":\"" + idToken + "\"}}\n";
        var bytes = Encoding.UTF8.GetBytes(json);
        if (output is not null)
        {
            output.Write(bytes);
            return true;
        }
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(bytes);
        return true;
    }

    /// <summary><c>spec.interactive</c> of the ExecCredential kubectl passes (cluster info is ignored). kubectl writes compact JSON.</summary>
    internal static bool Interactive(string execInfo) =>
        execInfo.Contains("\"interactive\":true", StringComparison.Ordinal);

    /// <summary>Index just after <c>"key"</c>, optional whitespace, <c>:</c> and optional whitespace; -1 when absent.</summary>
    private static int ValueStart(string json, string key)
    {
        var i = json.IndexOf(key, StringComparison.Ordinal);
        if (i < 0)
        {
            return -1;
        }
        i += key.Length;
        while (i < json.Length && char.IsWhiteSpace(json[i]))
        {
            i++;
        }
        if (i >= json.Length || json[i] != ':')
        {
            return -1;
        }
        i++;
        while (i < json.Length && char.IsWhiteSpace(json[i]))
        {
            i++;
        }
        return i;
    }

    private static string? StringValue(string json, string key)
    {
        var start = ValueStart(json, key);
        if (start < 0 || start >= json.Length || json[start] != '"')
        {
            return null;
        }
        start++;
        var end = json.IndexOf('"', start);
        return end < 0 ? null : json[start..end];
    }

    private static long? NumberValue(string json, string key)
    {
        var start = ValueStart(json, key);
        if (start < 0)
        {
            return null;
        }
        var end = start;
        while (end < json.Length && char.IsAsciiDigit(json[end]))
        {
            end++;
        }
        return long.TryParse(json.AsSpan(start, end - start), out var value) ? value : null;
    }

    private static bool IsJwtSafe(string token)
    {
        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }
        return token.Length > 0;
    }
}
