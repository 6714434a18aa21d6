using System.Text.Json;

namespace Nereid.Kubernetes.Client;

/// <summary>
/// What a write's answer says about the stored object, and all a reconciler needs from it: whether the write changed
/// anything (<see cref="ResourceVersion"/>), which incarnation it hit (<see cref="Uid"/>) and its spec generation.
/// </summary>
/// <param name="ResourceVersion">The object's <c>metadata.resourceVersion</c> after the write.</param>
/// <param name="Uid">Its <c>metadata.uid</c>.</param>
/// <param name="Generation">Its <c>metadata.generation</c>, when the kind has one.</param>
public sealed record StoredVersion(string? ResourceVersion, string? Uid, long? Generation)
{
    /// <summary>
    /// Reads only <c>metadata.resourceVersion</c>, <c>uid</c> and <c>generation</c> of the object in <paramref name="body"/>
    /// in one forward pass, skipping everything else and stopping after <c>metadata</c>: an apply answer is the whole
    /// stored object with its managedFields, and decoding it into a model cost about as much as the rest of the apply.
    /// </summary>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    public static StoredVersion Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stored object must be a JSON object.");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
            {
                return ReadMetadata(ref reader);
            }
            reader.Skip();
        }
        return new StoredVersion(null, null, null);
    }

    private static StoredVersion ReadMetadata(ref Utf8JsonReader reader)
    {
        string? resourceVersion = null;
        string? uid = null;
        long? generation = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("resourceVersion"u8))
            {
                reader.Read();
                resourceVersion = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("uid"u8))
            {
                reader.Read();
                uid = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("generation"u8))
            {
                reader.Read();
                generation = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new StoredVersion(resourceVersion, uid, generation);
    }
}
