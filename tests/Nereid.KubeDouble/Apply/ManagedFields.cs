using System.Globalization;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Apply;

/// <summary>One <c>metadata.managedFields</c> entry with its parsed field set.</summary>
public sealed class ManagerEntry
{
    public required string Manager { get; init; }
    public required string Operation { get; init; }
    public required string ApiVersion { get; set; }
    public string? Subresource { get; init; }
    public string? Time { get; set; }
    public required FieldSet Fields { get; set; }

    public bool SameIdentity(string manager, string operation, string? subresource) =>
        Manager == manager && Operation == operation && Subresource == subresource;

    /// <summary>How conflict messages name this manager (Update managers carry their apiVersion).</summary>
    public string Printable => Operation == "Update" ? $"\"{Manager}\" using {ApiVersion}" : $"\"{Manager}\"";
}

/// <summary>Reads and writes <c>metadata.managedFields</c>; records ownership for non-apply writes.</summary>
public static class ManagedFields
{
    public static List<ManagerEntry> Read(JsonObject? obj)
    {
        var list = new List<ManagerEntry>();
        if (obj?["metadata"]?["managedFields"] is not JsonArray arr)
        {
            return list;
        }
        foreach (var e in arr.OfType<JsonObject>())
        {
            list.Add(new ManagerEntry
            {
                Manager = e["manager"]?.GetValue<string>() ?? "",
                Operation = e["operation"]?.GetValue<string>() ?? "Update",
                ApiVersion = e["apiVersion"]?.GetValue<string>() ?? "",
                Subresource = e["subresource"]?.GetValue<string>(),
                Time = e["time"]?.GetValue<string>(),
                Fields = FieldSet.FromFieldsV1(e["fieldsV1"]),
            });
        }
        return list;
    }

    public static void Write(JsonObject obj, List<ManagerEntry> entries)
    {
        var arr = new JsonArray();
        foreach (var e in entries.Where(e => e.Fields.Paths.Count > 0))
        {
            var node = new JsonObject { ["manager"] = e.Manager, ["operation"] = e.Operation, ["apiVersion"] = e.ApiVersion };
            if (e.Time is not null)
            {
                node["time"] = e.Time;
            }
            node["fieldsType"] = "FieldsV1";
            node["fieldsV1"] = e.Fields.ToFieldsV1();
            if (e.Subresource is not null)
            {
                node["subresource"] = e.Subresource;
            }
            arr.Add(node);
        }
        var meta = obj["metadata"]!.AsObject();
        if (arr.Count > 0)
        {
            meta["managedFields"] = arr;
        }
        else
        {
            meta.Remove("managedFields");
        }
    }

    public static string Timestamp(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Ownership after a create/update/patch by <paramref name="manager"/>: fields it added or changed move to it,
    /// removed fields leave every owner (as the real apiserver's Update path does).
    /// </summary>
    public static void RecordUpdate(JsonObject? old, JsonObject updated, string manager, string apiVersion, string? subresource, bool skipStatus, DateTimeOffset now)
    {
        var entries = Read(old);
        var schema = ListTypes.RootOf(updated);
        var oldSet = old is null ? new FieldSet() : FieldSet.FromObject(old, false, schema);
        var newSet = FieldSet.FromObject(updated, false, schema);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in newSet.Paths)
        {
            if (skipStatus && p.StartsWith("f:status", StringComparison.Ordinal))
            {
                continue;
            }
            if (!oldSet.Paths.Contains(p) || (!IsElement(p) && !JsonNode.DeepEquals(FieldPaths.Resolve(old!, p, out _), FieldPaths.Resolve(updated, p, out _))))
            {
                changed.Add(p);
            }
        }
        foreach (var e in entries)
        {
            e.Fields.Paths.IntersectWith(newSet.Paths);
            if (!e.SameIdentity(manager, "Update", subresource))
            {
                e.Fields.Paths.ExceptWith(changed);
            }
        }
        if (changed.Count > 0)
        {
            var mine = entries.FirstOrDefault(e => e.SameIdentity(manager, "Update", subresource));
            if (mine is null)
            {
                mine = new ManagerEntry { Manager = manager, Operation = "Update", ApiVersion = apiVersion, Subresource = subresource, Fields = new FieldSet() };
                entries.Add(mine);
            }
            mine.Fields.Paths.UnionWith(changed);
            mine.Time = Timestamp(now);
            mine.ApiVersion = apiVersion;
        }
        Write(updated, entries);
    }

    public static bool IsElement(string path)
    {
        var i = path.LastIndexOf(FieldSet.Separator);
        var last = i < 0 ? path : path[(i + 1)..];
        return last.StartsWith("k:", StringComparison.Ordinal) || last.StartsWith("v:", StringComparison.Ordinal);
    }
}
