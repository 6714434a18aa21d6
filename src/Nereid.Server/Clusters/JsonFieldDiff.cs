using System.Text.Json.Nodes;

namespace Nereid.Server.Clusters;

/// <summary>
/// The field paths where two objects differ, ignoring what the server keeps for itself (resourceVersion, uid,
/// managedFields, timestamps, status). Pure, so the diff is testable without a cluster.
/// </summary>
internal static class JsonFieldDiff
{
    private static readonly HashSet<string> ServerMetadata = new(StringComparer.Ordinal)
    {
        "resourceVersion", "uid", "managedFields", "generation", "creationTimestamp", "selfLink",
    };

    /// <summary>Sorted paths that are added, removed or changed going from <paramref name="live"/> to <paramref name="wanted"/>.</summary>
    public static IReadOnlyList<string> Changed(JsonNode? live, JsonNode? wanted)
    {
        var before = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var after = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(live, "", before);
        Flatten(wanted, "", after);
        return [.. before.Keys.Union(after.Keys).Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || a != b)
            .Order(StringComparer.Ordinal)];
    }

    private static void Flatten(JsonNode? node, string path, IDictionary<string, string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (Skipped(path, key))
                    {
                        continue;
                    }
                    Flatten(value, Join(path, key), into);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], $"{path}[{i}]", into);
                }
                break;
            case null:
                break;
            default:
                into[path] = node.ToJsonString();
                break;
        }
    }

    private static bool Skipped(string path, string key) =>
        (path.Length == 0 && key == "status") || (path == "metadata" && ServerMetadata.Contains(key));

    private static string Join(string path, string key)
    {
        var simple = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        return simple ? (path.Length == 0 ? key : $"{path}.{key}") : $"{path}[\"{key}\"]";
    }
}
