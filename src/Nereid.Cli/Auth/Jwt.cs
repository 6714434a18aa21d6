using System.Buffers.Text;
using System.Text.Json;

namespace Nereid.Cli.Auth;

/// <summary>Reads claims from a JWT payload without validating it (the CLI got it straight from the token endpoint over TLS; the API server validates).</summary>
internal static class Jwt
{
    public static JsonElement? Payload(string? jwt)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }
        try
        {
            return JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone();
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    public static long? Expiry(string? jwt) =>
        Payload(jwt) is { } p && p.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var v) ? v : null;

    public static long? IssuedAt(string? jwt) =>
        Payload(jwt) is { } p && p.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var v) ? v : null;

    public static string? StringClaim(string? jwt, string name) =>
        Payload(jwt) is { } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
