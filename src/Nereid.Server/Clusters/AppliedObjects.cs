using System.Collections.Concurrent;

namespace Nereid.Server.Clusters;

/// <summary>
/// What this process last applied to each object (the exact JSON) and the resourceVersion the server answered.
/// When the informer still holds that version and the desired JSON is unchanged, nothing can have drifted, so the
/// apply is skipped: a steady resync sends no request at all instead of one no-op apply per object.
/// </summary>
public sealed class AppliedObjects
{
    private readonly ConcurrentDictionary<string, (string Json, string? ResourceVersion)> _applied = new(StringComparer.Ordinal);

    /// <summary>The identity used for an object: <c>Kind/namespace/name</c>.</summary>
    public static string Id(string kind, string? ns, string name) => $"{kind}/{ns}/{name}";

    /// <summary>True when <paramref name="json"/> was applied last and the server still holds <paramref name="observedResourceVersion"/>.</summary>
    public bool IsCurrent(string id, string json, string? observedResourceVersion) =>
        observedResourceVersion is not null
        && _applied.TryGetValue(id, out var last)
        && last.ResourceVersion == observedResourceVersion
        && string.Equals(last.Json, json, StringComparison.Ordinal);

    /// <summary>True when <paramref name="resourceVersion"/> is the version our own last apply produced (an echo of our write).</summary>
    public bool IsOwnWrite(string id, string? resourceVersion) =>
        resourceVersion is not null && _applied.TryGetValue(id, out var last) && last.ResourceVersion == resourceVersion;

    /// <summary>Records an apply's result.</summary>
    public void Record(string id, string json, string? resourceVersion) => _applied[id] = (json, resourceVersion);

    /// <summary>Forgets an object (deleted).</summary>
    public void Forget(string id) => _applied.TryRemove(id, out _);
}
