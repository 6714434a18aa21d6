using System.Security.Cryptography;
using System.Text.Json;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Federation;

/// <summary>
/// The fingerprint that makes a steady pass write nothing: each applied federation object carries the SHA-256 of its
/// desired body. An observed object is left alone when it carries the desired hash and no manager other than the
/// federation's has written it (so an edit by hand is repaired); anything else is applied.
/// </summary>
internal static class FederationStamp
{
    /// <summary>The annotation holding the hex SHA-256 of the desired body.</summary>
    public const string Annotation = "nereid.io/federation-hash";

    /// <summary>Stamps <paramref name="obj"/> with the hash of its body as it is now (call after building it).</summary>
    public static string Stamp(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), KubeJson.Options)));
        obj.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        obj.Metadata.Annotations[Annotation] = hash;
        return hash;
    }

    /// <summary>True when <paramref name="observed"/> is exactly what the federation last applied for <paramref name="hash"/>.</summary>
    public static bool Matches(KubeObject? observed, string hash) =>
        observed is not null
        && observed.Metadata.DeletionTimestamp is null
        && observed.Metadata.Annotations?.GetValueOrDefault(Annotation) == hash
        && OnlyFederationWrote(observed.Metadata.ManagedFields);

    private static bool OnlyFederationWrote(JsonElement? managedFields)
    {
        if (managedFields is not { ValueKind: JsonValueKind.Array } entries)
        {
            return false;
        }
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.TryGetProperty("subresource", out var sub) && sub.ValueKind == JsonValueKind.String && sub.GetString() is { Length: > 0 })
            {
                continue; // Admiralty writes status; that is not a change of what Nereid applied.
            }
            if (!entry.TryGetProperty("manager", out var manager) || manager.GetString() != AdmiraltyNames.FieldManager)
            {
                return false;
            }
        }
        return true;
    }
}
