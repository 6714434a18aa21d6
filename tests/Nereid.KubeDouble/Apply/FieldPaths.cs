using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Apply;

/// <summary>Resolving and removing <see cref="FieldSet"/> paths inside an object.</summary>
public static class FieldPaths
{
    /// <summary>The node a path names, or null when absent. <paramref name="found"/> distinguishes a JSON null.</summary>
    public static JsonNode? Resolve(JsonObject root, string path, out bool found)
    {
        JsonNode? node = root;
        found = false;
        foreach (var part in path.Split(FieldSet.Separator))
        {
            if (!TryStep(node, part, out node, out _, out _))
            {
                return null;
            }
        }
        found = true;
        return node;
    }

    /// <summary>Removes the field or list element a path names; returns true when something was removed.</summary>
    public static bool Remove(JsonObject root, string path)
    {
        var parts = path.Split(FieldSet.Separator);
        JsonNode? node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (!TryStep(node, parts[i], out node, out _, out _))
            {
                return false;
            }
        }
        if (!TryStep(node, parts[^1], out _, out var parent, out var index))
        {
            return false;
        }
        if (parent is JsonObject o)
        {
            return o.Remove(parts[^1][2..]);
        }
        ((JsonArray)parent!).RemoveAt(index);
        return true;
    }

    private static bool TryStep(JsonNode? node, string part, out JsonNode? child, out JsonNode? parent, out int index)
    {
        child = null;
        parent = node;
        index = -1;
        if (part.StartsWith("f:", StringComparison.Ordinal))
        {
            return node is JsonObject o && o.TryGetPropertyValue(part[2..], out child);
        }
        if (node is not JsonArray a)
        {
            return false;
        }
        var isKey = part.StartsWith("k:", StringComparison.Ordinal);
        var wanted = FieldSet.ElementValue(part);
        for (var i = 0; i < a.Count; i++)
        {
            var matches = isKey ? KeyMatches(a[i], (JsonObject)wanted!) : JsonNode.DeepEquals(a[i], wanted);
            if (matches)
            {
                child = a[i];
                index = i;
                return true;
            }
        }
        return false;
    }

    public static bool KeyMatches(JsonNode? item, JsonObject key)
    {
        if (item is not JsonObject o)
        {
            return false;
        }
        foreach (var (k, v) in key)
        {
            if (!JsonNode.DeepEquals(o[k], v))
            {
                return false;
            }
        }
        return true;
    }
}
