using System.Net;
using System.Text.Json;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

/// <summary>
/// An in-memory cluster behind both the observed port and the writer seam: applies store a copy and bump the
/// resourceVersion only when the content changed (as server-side apply does), and the cache sees writes at once.
/// </summary>
internal sealed class FakeCluster : IObservedObjects, IOwnedObjectWriter
{
    private readonly Dictionary<string, OwnedObject> _objects = new(StringComparer.Ordinal);
    private int _version;

    /// <summary>When set, the next apply or delete throws it (once).</summary>
    public KubeApiException? FailNext { get; set; }

    /// <summary>Apply requests received (object ids).</summary>
    public List<string> Applies { get; } = [];

    /// <summary>Delete requests received (object ids).</summary>
    public List<string> Deletes { get; } = [];

    public IEnumerable<string> Ids => _objects.Keys;

    public KubeObject? Find(OwnedKind kind, string? ns, string name) => _objects.GetValueOrDefault(kind.Id(ns, name))?.Object;

    public IEnumerable<OwnedObject> OwnedIn(string ns) =>
        [.. _objects.Values.Where(o => o.Kind.Namespaced && o.Object.Metadata.Namespace == ns)];

    public T? Get<T>(string? ns, string name)
        where T : KubeObject =>
        (T?)_objects.GetValueOrDefault(OwnedKinds.All.Single(k => k.ModelType == typeof(T)).Id(ns, name))?.Object;

    /// <summary>Someone else's edit: changes the stored object and gives it a new resourceVersion.</summary>
    public void Edit<T>(string? ns, string name, Action<T> edit)
        where T : KubeObject
    {
        var obj = Get<T>(ns, name) ?? throw new InvalidOperationException("no such object");
        edit(obj);
        obj.Metadata.ManagedFields = Managers("nereid", "kubectl-edit");
        obj.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A controller's write through the status subresource (the quota controller's <c>status.used</c>): a new resourceVersion, spec untouched.</summary>
    public void UpdateStatus<T>(string? ns, string name, string manager, Action<T> update)
        where T : KubeObject
    {
        var obj = Get<T>(ns, name) ?? throw new InvalidOperationException("no such object");
        update(obj);
        var entries = obj.Metadata.ManagedFields is { ValueKind: JsonValueKind.Array } existing
            ? existing.EnumerateArray().Select(e => JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetRawText())!).ToList()
            : [];
        entries.Add(new Dictionary<string, string> { ["manager"] = manager, ["operation"] = "Update", ["subresource"] = "status" });
        obj.Metadata.ManagedFields = JsonSerializer.SerializeToElement(entries);
        obj.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>An object some earlier pass left behind, carrying Nereid's label.</summary>
    public void Seed(KubeObject obj)
    {
        var kind = OwnedKinds.Of(obj);
        obj.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _objects[kind.Id(obj.Metadata.Namespace, obj.Metadata.Name!)] = new OwnedObject(kind, obj);
    }

    public Task<KubeObject> ApplyAsync(OwnedKind kind, KubeObject obj, byte[] json, CancellationToken cancellationToken)
    {
        var id = kind.Id(obj.Metadata.Namespace, obj.Metadata.Name!);
        Applies.Add(id);
        ThrowIfFailing();
        // The body the reconciler sends is what the cluster stores, as a real apply would.
        var copy = (KubeObject)JsonSerializer.Deserialize(json, obj.GetType(), KubeJson.Options)!;
        // Server-side apply with force leaves the applier owning every field it sent.
        copy.Metadata.ManagedFields = Managers("nereid");
        if (_objects.TryGetValue(id, out var existing) && Content(existing.Object) == Content(copy))
        {
            return Task.FromResult(existing.Object);
        }
        copy.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _objects[id] = new OwnedObject(kind, copy);
        return Task.FromResult(copy);
    }

    public async Task<StoredVersion> ApplyVersionAsync(OwnedKind kind, KubeObject obj, byte[] json, CancellationToken cancellationToken)
    {
        var stored = (await ApplyAsync(kind, obj, json, cancellationToken)).Metadata;
        return new StoredVersion(stored.ResourceVersion, stored.Uid, stored.Generation);
    }

    public Task<bool> DeleteAsync(OwnedKind kind, string? ns, string name, CancellationToken cancellationToken)
    {
        var id = kind.Id(ns, name);
        Deletes.Add(id);
        ThrowIfFailing();
        return Task.FromResult(_objects.Remove(id));
    }

    public static KubeApiException Error(HttpStatusCode code, string reason, string message) =>
        new(code, new Status { Outcome = "Failure", Reason = reason, Message = message, Code = (int)code });

    private void ThrowIfFailing()
    {
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }
    }

    private static JsonElement Managers(params string[] managers) =>
        JsonSerializer.SerializeToElement(managers.Select(m => new Dictionary<string, string> { ["manager"] = m, ["operation"] = m == "nereid" ? "Apply" : "Update" }));

    private static string Content(KubeObject obj)
    {
        var rv = obj.Metadata.ResourceVersion;
        obj.Metadata.ResourceVersion = null;
        var json = JsonSerializer.Serialize(obj, obj.GetType(), KubeJson.Options);
        obj.Metadata.ResourceVersion = rv;
        return json;
    }
}
