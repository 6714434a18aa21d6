using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Nereid.Server.Clusters;

/// <summary>
/// What this process last applied to each object (a SHA-256 of the exact JSON body, not the body itself, so thousands
/// of objects cost 32 bytes each) and the resourceVersion the server answered.
/// When the informer still holds that version and the desired JSON is unchanged, nothing can have drifted, so the
/// apply is skipped: a steady resync sends no request at all instead of one no-op apply per object.
/// It also tells our own writes' watch echoes from someone else's change, including an echo that overtakes the
/// apply's response (the watch and the response travel separately, so either may arrive first).
/// </summary>
internal sealed class AppliedObjects
{
    private readonly ConcurrentDictionary<string, (byte[] Hash, string? ResourceVersion)> _applied = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    // Objects with an apply in flight → the last resourceVersion the watch showed meanwhile ("" = none yet).
    private readonly Dictionary<string, string> _inFlight = new(StringComparer.Ordinal);

    /// <summary>The identity used for an object: <c>Kind/namespace/name</c>.</summary>
    public static string Id(string kind, string? ns, string name) => $"{kind}/{ns}/{name}";

    /// <summary>The hash an apply body is remembered by.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> json) => SHA256.HashData(json);

    /// <summary>
    /// True when the body hashed to <paramref name="hash"/> (see <see cref="Hash"/>) was applied last and the server
    /// still holds <paramref name="observedResourceVersion"/>.
    /// </summary>
    public bool IsCurrent(string id, byte[] hash, string? observedResourceVersion) =>
        observedResourceVersion is not null
        && _applied.TryGetValue(id, out var last)
        && last.ResourceVersion == observedResourceVersion
        && last.Hash.AsSpan().SequenceEqual(hash);

    /// <summary>
    /// Takes an object as current at <paramref name="resourceVersion"/>, as if this process had just written it there:
    /// one a previous leader applied, or one ours whose version moved through a write that left what we apply alone.
    /// </summary>
    public void Adopt(string id, byte[] hash, string? resourceVersion) => _applied[id] = (hash, resourceVersion);

    /// <summary>True when <paramref name="resourceVersion"/> is the version our own last apply produced (an echo of our write).</summary>
    public bool IsOwnWrite(string id, string? resourceVersion) =>
        resourceVersion is not null && _applied.TryGetValue(id, out var last) && last.ResourceVersion == resourceVersion;

    /// <summary>
    /// True when a watch event for <paramref name="id"/> at <paramref name="resourceVersion"/> calls for a pass: not an
    /// echo of our last write, and no apply of ours in flight (that one's <see cref="EndApply"/> decides instead).
    /// </summary>
    public bool NeedsPass(string id, string? resourceVersion)
    {
        lock (_lock)
        {
            if (_inFlight.ContainsKey(id))
            {
                _inFlight[id] = resourceVersion ?? "";
                return false;
            }
            return !IsOwnWrite(id, resourceVersion);
        }
    }

    /// <summary>Marks an apply of <paramref name="id"/> as sent.</summary>
    public void BeginApply(string id)
    {
        lock (_lock)
        {
            _inFlight[id] = "";
        }
    }

    /// <summary>
    /// Records an apply's result; true when the watch showed a version during the apply that was not the one we
    /// wrote (someone else's change raced ours, so the key needs another pass).
    /// </summary>
    public bool EndApply(string id, byte[] hash, string? resourceVersion)
    {
        lock (_lock)
        {
            _applied[id] = (hash, resourceVersion);
            return _inFlight.Remove(id, out var seen) && seen.Length > 0 && seen != resourceVersion;
        }
    }

    /// <summary>Clears the in-flight mark of a failed apply (the failed pass is retried anyway).</summary>
    public void AbortApply(string id)
    {
        lock (_lock)
        {
            _inFlight.Remove(id);
        }
    }

    /// <summary>Forgets an object (deleted).</summary>
    public void Forget(string id) => _applied.TryRemove(id, out _);
}
