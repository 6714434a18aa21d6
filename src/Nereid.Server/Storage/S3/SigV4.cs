using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nereid.Server.Storage.S3;

/// <summary>
/// AWS Signature Version 4 over request headers, as Ceph's object gateway checks it for its admin operations API
/// (service <c>s3</c>): canonical request, string to sign, the derived signing key and the <c>Authorization</c> value.
/// </summary>
internal static class SigV4
{
    /// <summary>SHA-256 of an empty body, the <c>x-amz-content-sha256</c> of a GET.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// The <c>Authorization</c> header value for a request whose signed <paramref name="headers"/> (names in any case; they
    /// must include <c>host</c>, <c>x-amz-date</c> and <c>x-amz-content-sha256</c>) are sent as given.
    /// </summary>
    public static string Authorization(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string region, string accessKey, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        var canonicalHeaders = headers.Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim())).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var signedHeaders = string.Join(';', canonicalHeaders.Select(h => h.Name));
        var amzDate = canonicalHeaders.Single(h => h.Name == "x-amz-date").Value;
        var payloadHash = canonicalHeaders.Single(h => h.Name == "x-amz-content-sha256").Value;
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in canonicalHeaders)
            canonical.Append(name).Append(':').Append(value).Append('\n');
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);

        var date = amzDate[..8];
        var scope = $"{date}/{region}/s3/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, "s3");
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, toSign));
        return $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope},SignedHeaders={signedHeaders},Signature={signature}";
    }

    /// <summary>The <c>x-amz-date</c> form of <paramref name="now"/> (basic ISO 8601, UTC).</summary>
    public static string AmzDate(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Query parameters sorted by name then value, each part URI-encoded (RFC 3986 unreserved kept), empty values kept as <c>name=</c>.</summary>
    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
            return "";
        return string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    private static string Encode(string value) => Uri.EscapeDataString(value);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
