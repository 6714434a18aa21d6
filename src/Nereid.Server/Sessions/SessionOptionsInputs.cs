using System.Text.Json;

namespace Nereid.Server.Sessions;

/// <summary>
/// What one person's options are built from besides the inventory: their active namespaces with each one's effective
/// quota and shareable claims, and the image catalogue. Cheap to read (three small queries and the claim informers), so
/// a refresh reads them again and rebuilds the body only when they or the inventory changed.
/// </summary>
internal sealed record SessionOptionsInputs(IReadOnlyList<NamespaceInputs> Namespaces, IReadOnlyList<SessionImageView> Images)
{
    private byte[]? _fingerprint;

    /// <summary>Inputs of a person in no namespace (their options are an empty list).</summary>
    public static SessionOptionsInputs None { get; } = new([], []);

    /// <summary>True when <paramref name="other"/> holds exactly the same values (compared as their JSON, which is small).</summary>
    public bool SameAs(SessionOptionsInputs other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(this, other) || Fingerprint().AsSpan().SequenceEqual(other.Fingerprint());
    }

    private byte[] Fingerprint() => _fingerprint ??= JsonSerializer.SerializeToUtf8Bytes(this);
}

/// <summary>One namespace's part of <see cref="SessionOptionsInputs"/>.</summary>
/// <param name="Hard">Effective quota (configured defaults, configured and stored overrides), keys sorted.</param>
/// <param name="Claims">Bound ReadWriteMany claims, sorted.</param>
internal sealed record NamespaceInputs(Guid Id, string Name, IReadOnlyDictionary<string, string> Hard, IReadOnlyList<string> Claims);
