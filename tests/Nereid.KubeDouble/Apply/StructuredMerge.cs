using System.Text.Json.Nodes;
using Nereid.KubeDouble.Schema;

namespace Nereid.KubeDouble.Apply;

/// <summary>
/// Deep merge used by server-side apply and strategic-merge-patch: maps merge recursively, associative lists merge by
/// key (<see cref="ListTypes"/>: the schema's list type for apply, its patch strategy for strategic merge), sets union,
/// atomic lists and scalars are replaced, null removes.
/// With <c>strategic</c>, the <c>$patch</c> (replace/delete), <c>$deleteFromPrimitiveList/</c> directives are honoured;
/// <c>$retainKeys</c> and <c>$setElementOrder/</c> are accepted and ignored (simplification: no reordering).
/// </summary>
public static class StructuredMerge
{
    public static void Merge(JsonObject target, JsonObject patch, string? ownField, bool strategic) =>
        Merge(target, patch, ownField, strategic, ListTypes.RootOf(target) ?? ListTypes.RootOf(patch));

    /// <summary>As <see cref="Merge(JsonObject, JsonObject, string?, bool)"/>, with list semantics from <paramref name="schema"/> (of <paramref name="target"/>).</summary>
    internal static void Merge(JsonObject target, JsonObject patch, string? ownField, bool strategic, SchemaNode? schema)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        foreach (var (key, value) in patch.ToList())
        {
            if (strategic && key.StartsWith('$'))
            {
                ApplyDirective(target, key, value);
                continue;
            }
            if (value is null)
            {
                target.Remove(key);
                continue;
            }
            var existing = target[key];
            var child = SchemaNode.Field(schema, key);
            if (value is JsonObject vo && existing is JsonObject eo)
            {
                var directive = strategic ? vo["$patch"]?.GetValue<string>() : null;
                if (directive == "delete")
                {
                    target.Remove(key);
                }
                else if (directive == "replace")
                {
                    target[key] = Clean(vo);
                }
                else
                {
                    Merge(eo, vo, key, strategic, child);
                }
            }
            else if (value is JsonArray va && existing is JsonArray ea
                && (strategic ? ListTypes.PatchKeysFor(child, key, ownField) : ListTypes.KeysFor(child, key, ownField)) is { } keys)
            {
                MergeList(ea, va, keys, key, strategic, SchemaNode.ItemsOf(child));
            }
            else
            {
                target[key] = strategic ? Clean(value) : value.DeepClone();
            }
        }
    }

    private static void MergeList(JsonArray target, JsonArray patch, string[] keys, string field, bool strategic, SchemaNode? items)
    {
        foreach (var item in patch)
        {
            if (keys.Length == 0)
            {
                if (!target.Any(t => JsonNode.DeepEquals(t, item)))
                {
                    target.Add(item?.DeepClone());
                }
                continue;
            }
            var name = FieldSet.ElementName(item, keys);
            var match = target.FirstOrDefault(t => FieldSet.ElementName(t, keys) == name);
            if (strategic && item is JsonObject d && d["$patch"]?.GetValue<string>() == "delete")
            {
                if (match is not null)
                {
                    target.Remove(match);
                }
            }
            else if (match is JsonObject mo && item is JsonObject io)
            {
                Merge(mo, io, field, strategic, items);
            }
            else
            {
                target.Add(strategic ? Clean(item) : item?.DeepClone());
            }
        }
    }

    private static void ApplyDirective(JsonObject target, string key, JsonNode? value)
    {
        const string deleteFromList = "$deleteFromPrimitiveList/";
        if (key.StartsWith(deleteFromList, StringComparison.Ordinal) && target[key[deleteFromList.Length..]] is JsonArray list && value is JsonArray remove)
        {
            foreach (var r in remove)
            {
                var hit = list.FirstOrDefault(x => JsonNode.DeepEquals(x, r));
                if (hit is not null)
                {
                    list.Remove(hit);
                }
            }
        }
    }

    /// <summary>A copy without strategic-merge directives.</summary>
    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                {
                    if (!k.StartsWith('$'))
                    {
                        copy[k] = Clean(v);
                    }
                }
                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(Clean)]);
            default:
                return node?.DeepClone();
        }
    }
}
