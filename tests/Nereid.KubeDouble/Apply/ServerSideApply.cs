using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.Apply;

/// <summary>
/// Server-side apply (SEMANTICS.md §11): field ownership per manager, conflicts, forced takeover, and removal of
/// fields a manager stopped applying. The caller decides whether the result is a no-op (and then writes nothing).
/// List semantics come from the kind's OpenAPI schema (<see cref="ListTypes"/>). Simplifications: conflicts are detected
/// on leaf values (list elements themselves never conflict); no version conversion between apiVersions.
/// </summary>
public static class ServerSideApply
{
    public static JsonObject Apply(JsonObject? live, JsonObject applied, ResourceInfo r, string manager, bool force, string? subresource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(r);
        var statusOnly = subresource == "status";
        var config = applied.DeepClone().AsObject();
        if (r.HasStatus)
        {
            // The main resource ignores status and /status ignores everything else, as their strategies reset them.
            foreach (var key in config.Select(kv => kv.Key).ToList())
            {
                if ((statusOnly && key is not ("status" or "apiVersion" or "kind" or "metadata")) || (!statusOnly && key == "status"))
                {
                    config.Remove(key);
                }
            }
        }
        // One schema lookup per apply; every list below merges and is tracked by it.
        var schema = ListTypes.RootOf(config);
        var appliedSet = FieldSet.FromObject(config, false, schema);
        var entries = ManagedFields.Read(live);
        var name = config["metadata"]?["name"]?.GetValue<string>() ?? "";

        var conflicts = new List<(ManagerEntry Owner, string Path)>();
        if (live is not null)
        {
            foreach (var e in entries.Where(e => e.Manager != manager))
            {
                foreach (var p in e.Fields.Paths)
                {
                    if (appliedSet.Paths.Contains(p) && !ManagedFields.IsElement(p)
                        && !JsonNode.DeepEquals(FieldPaths.Resolve(live, p, out _), FieldPaths.Resolve(config, p, out _)))
                    {
                        conflicts.Add((e, p));
                    }
                }
            }
        }
        if (conflicts.Count > 0 && !force)
        {
            throw ConflictError(r, name, conflicts);
        }
        foreach (var (owner, path) in conflicts)
        {
            owner.Fields.Paths.Remove(path);
        }

        var result = live?.DeepClone().AsObject() ?? new JsonObject { ["apiVersion"] = config["apiVersion"]?.DeepClone(), ["kind"] = config["kind"]?.DeepClone(), ["metadata"] = new JsonObject() };
        var mine = entries.FirstOrDefault(e => e.SameIdentity(manager, "Apply", subresource));
        if (mine is not null)
        {
            // Deepest paths first so a removed parent does not hide its children's other owners.
            foreach (var p in mine.Fields.Paths.Except(appliedSet.Paths).OrderByDescending(p => p.Length))
            {
                if (!entries.Any(e => !ReferenceEquals(e, mine) && e.Fields.Paths.Contains(p)))
                {
                    FieldPaths.Remove(result, p);
                }
            }
        }
        StructuredMerge.Merge(result, config, null, strategic: false, schema);

        if (mine is null)
        {
            mine = new ManagerEntry { Manager = manager, Operation = "Apply", ApiVersion = r.ApiVersion, Subresource = subresource, Fields = new FieldSet() };
            entries.Add(mine);
        }
        if (!mine.Fields.SetEquals(appliedSet) || mine.Time is null)
        {
            mine.Fields = appliedSet;
            mine.Time = ManagedFields.Timestamp(now);
        }
        var resultSet = FieldSet.FromObject(result, false, schema);
        foreach (var e in entries)
        {
            e.Fields.Paths.IntersectWith(resultSet.Paths);
        }
        ManagedFields.Write(result, entries);
        return result;
    }

    private static ApiException ConflictError(ResourceInfo r, string name, List<(ManagerEntry Owner, string Path)> conflicts)
    {
        var groups = conflicts.GroupBy(c => c.Owner.Printable).ToList();
        var parts = groups.Select(g => g.Count() == 1
            ? $"conflict with {g.Key}: {FieldSet.Display(g.First().Path)}"
            : $"conflicts with {g.Key}:\n" + string.Join("\n", g.Select(c => "- " + FieldSet.Display(c.Path))));
        var n = conflicts.Count;
        var message = $"Apply failed with {n} conflict{(n == 1 ? "" : "s")}: {string.Join("\n", parts)}";
        var causes = conflicts.Select(c => new Errors.Cause("FieldManagerConflict", $"conflict with {c.Owner.Printable}", FieldSet.Display(c.Path)));
        return Errors.ConflictMessage(r, name, message, causes);
    }
}
