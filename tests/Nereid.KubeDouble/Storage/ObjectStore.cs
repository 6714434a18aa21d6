using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Watch;

namespace Nereid.KubeDouble.Storage;

/// <summary>
/// etcd-like store: objects keyed by resource / namespace / name, one global increasing resourceVersion.
/// Reads are lock-free; a write computes its new object outside the lock and commits with an
/// optimistic check (the stored reference must be unchanged), so the lock only covers the commit and fan-out.
/// Stored <see cref="JsonObject"/>s are never mutated after commit; callers DeepClone before changing them.
/// </summary>
public sealed class ObjectStore(int historySize)
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> _data = new();
    private readonly EventHistory _history = new(historySize);
    private readonly Dictionary<string, Subscription[]> _subscribers = [];
    private long _revision;

    /// <summary>
    /// Called for every committed change, under the commit lock, before watchers hear of it: hooks that must be in
    /// force before the next request (a CustomResourceDefinition registering its resource) run here and must not
    /// write to the store.
    /// </summary>
    public event Action<WatchEvent>? Committed;

    /// <summary>The latest committed resourceVersion.</summary>
    public long Revision => Interlocked.Read(ref _revision);

    public static string Key(string ns, string name) => ns.Length == 0 ? name : ns + "/" + name;

    public JsonObject? Get(ResourceInfo r, string ns, string name) =>
        _data.TryGetValue(r.StorageKey, out var map) && map.TryGetValue(Key(ns, name), out var obj) ? obj : null;

    /// <summary>Consistent snapshot of a collection, sorted by key, with the revision it reflects.</summary>
    public (long Revision, List<KeyValuePair<string, JsonObject>> Items) List(ResourceInfo r, string? ns)
    {
        lock (_lock)
        {
            var items = new List<KeyValuePair<string, JsonObject>>();
            if (_data.TryGetValue(r.StorageKey, out var map))
            {
                var prefix = ns is null ? null : ns + "/";
                foreach (var kv in map)
                {
                    if (prefix is null || kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        items.Add(kv);
                    }
                }
            }
            items.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return (_revision, items);
        }
    }

    /// <summary>
    /// Commits <paramref name="next"/> (null = remove) if the stored object is still <paramref name="expected"/>.
    /// Stamps the new resourceVersion into <paramref name="next"/>. Returns false when another write won the race.
    /// <paramref name="admit"/> runs under the commit lock (it may throw to refuse the write), so a check it makes
    /// against other objects — such as "the namespace is not terminating" — cannot be overtaken by their commits.
    /// </summary>
    public bool TryCommit(ResourceInfo r, string ns, string name, JsonObject? expected, JsonObject? next, out long revision, Action? admit = null)
    {
        var map = _data.GetOrAdd(r.StorageKey, _ => new ConcurrentDictionary<string, JsonObject>());
        var key = Key(ns, name);
        lock (_lock)
        {
            map.TryGetValue(key, out var current);
            if (!ReferenceEquals(current, expected))
            {
                revision = 0;
                return false;
            }
            admit?.Invoke();
            if (next is null && current is null)
            {
                revision = _revision;
                return true;
            }
            revision = _revision + 1;
            string type;
            JsonObject eventObject;
            if (next is null)
            {
                map.TryRemove(key, out _);
                // DELETED carries the final state stamped with the deletion's revision.
                eventObject = current!.DeepClone().AsObject();
                eventObject["metadata"]!["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
                type = "DELETED";
            }
            else
            {
                next["metadata"]!["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
                map[key] = next;
                eventObject = next;
                type = current is null ? "ADDED" : "MODIFIED";
            }
            Volatile.Write(ref _revision, revision);
            Publish(new WatchEvent(type, revision, r, ns, eventObject, current));
            return true;
        }
    }

    /// <summary>
    /// Registers a watcher atomically with its backlog: all current objects as ADDED when
    /// <paramref name="fromRevision"/> is null, else the retained events after it.
    /// Throws <see cref="TooOldException"/> when that revision was compacted away.
    /// </summary>
    public Subscription Subscribe(ResourceInfo r, string? ns, long? fromRevision, out List<WatchEvent> backlog, out long revision)
    {
        lock (_lock)
        {
            backlog = [];
            revision = _revision;
            if (fromRevision is null)
            {
                if (_data.TryGetValue(r.StorageKey, out var map))
                {
                    foreach (var kv in map.OrderBy(k => k.Key, StringComparer.Ordinal))
                    {
                        var objNs = kv.Value["metadata"]?["namespace"]?.GetValue<string>() ?? "";
                        if (ns is null || objNs == ns)
                        {
                            backlog.Add(new WatchEvent("ADDED", ParseRevision(kv.Value), r, objNs, kv.Value, null));
                        }
                    }
                }
            }
            else
            {
                if (fromRevision < _history.CompactedRevision)
                {
                    throw new TooOldException(fromRevision.Value, _history.CompactedRevision + 1);
                }
                backlog.AddRange(_history.After(fromRevision.Value).Where(e => e.Resource.StorageKey == r.StorageKey && (ns is null || e.Namespace == ns)));
            }
            var sub = new Subscription(r.StorageKey, ns, Unsubscribe);
            _subscribers[r.StorageKey] = [.. _subscribers.GetValueOrDefault(r.StorageKey, []), sub];
            return sub;
        }
    }

    /// <summary>True when a continue token or watch start at <paramref name="revision"/> is no longer servable.</summary>
    public bool IsCompacted(long revision)
    {
        lock (_lock)
        {
            return revision < _history.CompactedRevision;
        }
    }

    /// <summary>Drops history up to the current revision, like an etcd compaction.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _history.CompactTo(_revision);
        }
    }

    public static long ParseRevision(JsonObject obj) =>
        long.TryParse(obj["metadata"]?["resourceVersion"]?.GetValue<string>(), out var v) ? v : 0;

    private void Publish(WatchEvent e)
    {
        Committed?.Invoke(e);
        _history.Add(e);
        if (_subscribers.TryGetValue(e.Resource.StorageKey, out var subs))
        {
            foreach (var s in subs)
            {
                if (s.Namespace is null || s.Namespace == e.Namespace)
                {
                    s.Events.Writer.TryWrite(e);
                }
            }
        }
    }

    private void Unsubscribe(Subscription sub)
    {
        lock (_lock)
        {
            if (_subscribers.TryGetValue(sub.StorageKey, out var subs))
            {
                _subscribers[sub.StorageKey] = [.. subs.Where(s => !ReferenceEquals(s, sub))];
            }
        }
    }
}

/// <summary>A watch or continue token asked for a compacted revision (410 Expired).</summary>
public sealed class TooOldException(long requested, long oldest) : Exception($"too old resource version: {requested} ({oldest})");
