using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Federation;

/// <summary>
/// When the token inside a kubeconfig Secret was issued and expires, kept as annotations on the Secret so a new
/// leader (or a restart) adopts the token instead of requesting a new one and rewriting every Secret.
/// </summary>
internal static class TokenTimes
{
    public const string IssuedAnnotation = "nereid.io/token-issued-at";
    public const string ExpiresAnnotation = "nereid.io/token-expires-at";

    /// <summary>Annotates <paramref name="secret"/> with <paramref name="token"/>'s times.</summary>
    public static void Write(KubeObject secret, IssuedToken token)
    {
        secret.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        secret.Metadata.Annotations[IssuedAnnotation] = token.IssuedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        secret.Metadata.Annotations[ExpiresAnnotation] = token.ExpiresAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>The token of an observed kubeconfig Secret with its times, or null when it cannot be read back.</summary>
    public static IssuedToken? Read(KubeObject secret)
    {
        var annotations = secret.Metadata.Annotations;
        if (secret is not UnstructuredObject u || annotations is null
            || !DateTimeOffset.TryParse(annotations.GetValueOrDefault(IssuedAnnotation), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var issued)
            || !DateTimeOffset.TryParse(annotations.GetValueOrDefault(ExpiresAnnotation), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
            || u["data"]?[AdmiraltyNames.KubeconfigKey]?.GetValue<string>() is not { } encoded)
        {
            return null;
        }
        try
        {
            var config = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
            return config?["users"]?[0]?["user"]?["token"]?.GetValue<string>() is { Length: > 0 } token
                ? new IssuedToken(token, issued, expires)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null; // Not ours to read back: a new token is requested and the Secret rewritten.
        }
    }
}
