using System.Text;
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

    /// <summary>
    /// Stamps <paramref name="obj"/> (of <paramref name="kind"/>) with the hash of its body and returns that hash and the
    /// stamped apply body. The object is serialized once: the stamp is spliced into the unstamped body (the cold pass
    /// used to serialize every object twice, once to hash it and once more to send it).
    /// </summary>
    public static (byte[] Hash, byte[] Body) StampForApply(OwnedKind kind, KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(obj);
        var unstamped = kind.Serialize(obj);
        var hash = AppliedObjects.Hash(unstamped);
        // An object that already carries a stamp would get the key twice; serialize that rare one whole.
        var spliced = obj.Metadata.Annotations?.ContainsKey(Annotation) == true ? null : Splice(unstamped, hash);
        Stamp(obj, hash);
        return (hash, spliced ?? kind.Serialize(obj));
    }

    /// <summary>
    /// <paramref name="json"/> (a serialized object) with the stamp of <paramref name="hash"/> added to
    /// <c>metadata.annotations</c>; null when the body has no metadata object or annotations that are not an object.
    /// </summary>
    internal static byte[]? Splice(ReadOnlySpan<byte> json, byte[] hash)
    {
        var entry = $"\"{Annotation}\":\"{Convert.ToHexStringLower(hash)}\"";
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !SeekProperty(ref reader, "metadata"u8)
            || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        var metadataOpen = (int)reader.TokenStartIndex;
        if (!SeekProperty(ref reader, "annotations"u8))
        {
            // No annotations yet: open the map first thing in metadata (the apiserver does not care where).
            var empty = reader.TokenType == JsonTokenType.EndObject && IsEmpty(json, metadataOpen, (int)reader.TokenStartIndex);
            return Insert(json, metadataOpen + 1, $"\"annotations\":{{{entry}}}{(empty ? "" : ",")}");
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        var open = (int)reader.TokenStartIndex;
        reader.Skip();
        var close = (int)reader.TokenStartIndex;
        return Insert(json, close, (IsEmpty(json, open, close) ? "" : ",") + entry);
    }

    /// <summary>
    /// Reads on through the current object to the value of property <paramref name="name"/> (true) or to the object's
    /// end (false); values of other properties are skipped whole.
    /// </summary>
    private static bool SeekProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals(name);
            reader.Read();
            if (found)
            {
                return true;
            }
            reader.Skip();
        }
        return false;
    }

    /// <summary>True when nothing but whitespace lies between the braces at <paramref name="open"/> and <paramref name="close"/>.</summary>
    private static bool IsEmpty(ReadOnlySpan<byte> json, int open, int close) => json[(open + 1)..close].Trim(" \t\r\n"u8).IsEmpty;

    private static byte[] Insert(ReadOnlySpan<byte> json, int at, string ascii)
    {
        var body = new byte[json.Length + ascii.Length];
        json[..at].CopyTo(body);
        Encoding.ASCII.GetBytes(ascii, body.AsSpan(at));
        json[at..].CopyTo(body.AsSpan(at + ascii.Length));
        return body;
    }

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
            // Nereid's own writes are server-side applies: an Update under its manager name (a PUT by a client that took
            // the name) is someone else's edit.
            if (!entry.TryGetProperty("manager", out var manager) || manager.GetString() != ProjectionNames.FieldManager
                || !entry.TryGetProperty("operation", out var operation) || operation.GetString() != "Apply")
                return false;
        }
        return true;
    }
}
