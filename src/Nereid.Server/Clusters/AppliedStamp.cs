using System.Text.Json;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

/// <summary>
/// The fingerprint a new leader trusts without writing: every applied object carries the SHA-256 of its desired body
/// (without this annotation) in <see cref="Annotation"/>. A leader that has not applied an object itself (a failover, a
/// restart) skips it when the informer shows that stamp equal to the desired hash and no other manager has written the
/// object's main resource since (its managedFields name only <c>nereid</c>, status subresources aside). Anything else
/// (another manager's edit, a different desired body, no stamp) is applied as before.
/// </summary>
internal static class AppliedStamp
{
    /// <summary>The annotation holding the hex SHA-256 of the desired body.</summary>
    public const string Annotation = "nereid.io/applied-hash";

    /// <summary>Adds the stamp of <paramref name="hash"/> to the object that is about to be applied.</summary>
    public static void Stamp(KubeObject obj, byte[] hash)
    {
        obj.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        obj.Metadata.Annotations[Annotation] = Convert.ToHexStringLower(hash);
    }

    /// <summary>True when <paramref name="observed"/> is exactly what nereid last applied for <paramref name="hash"/>.</summary>
    public static bool Matches(KubeObject observed, byte[] hash) =>
        observed.Metadata.Annotations?.GetValueOrDefault(Annotation) is { } stamp
        && stamp.Equals(Convert.ToHexStringLower(hash), StringComparison.Ordinal)
        && OnlyNereidWroteSpec(observed.Metadata.ManagedFields);

    private static bool OnlyNereidWroteSpec(JsonElement? managedFields)
    {
        if (managedFields is not { ValueKind: JsonValueKind.Array } entries)
            return false;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.TryGetProperty("subresource", out var sub) && sub.ValueKind == JsonValueKind.String && sub.GetString() is { Length: > 0 })
                continue;
            if (!entry.TryGetProperty("manager", out var manager) || manager.GetString() != ProjectionNames.FieldManager)
                return false;
        }
        return true;
    }
}
