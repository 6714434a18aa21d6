using System.Security.Cryptography;

namespace Nereid.Server.Sessions;

/// <summary>
/// One person's options as they go on the wire: the UTF-8 JSON, serialised once per computation, and its strong ETag
/// (a hash of those bytes), so a cached answer costs no serialisation and a client holding the same body gets a 304.
/// </summary>
internal sealed record SessionOptionsBody(byte[] Utf8, string ETag)
{
    /// <summary>The answer for guests and people in no namespace.</summary>
    public static readonly SessionOptionsBody Empty = Of("[]"u8.ToArray());

    /// <summary>The body with its ETag: the first 128 bits of its SHA-256, base64url, quoted.</summary>
    public static SessionOptionsBody Of(byte[] utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        var hash = SHA256.HashData(utf8);
        return new SessionOptionsBody(utf8, "\"" + Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"");
    }
}
