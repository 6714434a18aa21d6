using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary>
/// The text <c>nereid s3 credentials</c> prints per <c>--format</c>: shell variables, an AWS credentials profile, an
/// rclone remote (<c>type = s3</c>, <c>provider = Ceph</c>) or an s3cmd configuration (<c>host_base</c> without the scheme,
/// <c>use_https</c> from it). The secret key line is left out when the server no longer shows it.
/// </summary>
internal static class S3Profiles
{
    /// <summary>The accepted formats, in the order help shows them.</summary>
    public static readonly string[] Formats = ["env", "aws", "rclone", "s3cmd"];

    public static IEnumerable<string> Render(string format, string ns, S3CredentialsDto creds)
    {
        ArgumentNullException.ThrowIfNull(creds);
        var endpoint = creds.Endpoint is { Length: > 0 } e && Uri.TryCreate(e, UriKind.Absolute, out var uri) ? uri : null;
        switch (format)
        {
            case "aws":
                yield return $"[nereid-{ns}]";
                yield return $"aws_access_key_id = {creds.AccessKey}";
                if (creds.SecretKey is not null)
                    yield return $"aws_secret_access_key = {creds.SecretKey}";
                if (creds.Endpoint is not null)
                    yield return $"endpoint_url = {creds.Endpoint}";
                break;
            case "rclone":
                yield return $"[nereid-{ns}]";
                yield return "type = s3";
                yield return "provider = Ceph";
                yield return $"access_key_id = {creds.AccessKey}";
                if (creds.SecretKey is not null)
                    yield return $"secret_access_key = {creds.SecretKey}";
                if (creds.Endpoint is not null)
                    yield return $"endpoint = {creds.Endpoint}";
                break;
            case "s3cmd":
                yield return "[default]";
                yield return $"access_key = {creds.AccessKey}";
                if (creds.SecretKey is not null)
                    yield return $"secret_key = {creds.SecretKey}";
                if (endpoint is not null)
                {
                    // s3cmd takes host[:port] without a scheme, and path-style buckets when host_bucket has no %(bucket)s.
                    var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
                    yield return $"host_base = {host}";
                    yield return $"host_bucket = {host}";
                    yield return $"use_https = {(endpoint.Scheme == Uri.UriSchemeHttps ? "True" : "False")}";
                }
                break;
            default:
                yield return $"export AWS_ACCESS_KEY_ID={creds.AccessKey}";
                if (creds.SecretKey is not null)
                    yield return $"export AWS_SECRET_ACCESS_KEY={creds.SecretKey}";
                if (creds.Endpoint is not null)
                    yield return $"export AWS_ENDPOINT_URL={creds.Endpoint}";
                break;
        }
    }
}
