using System.Text;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.CustomResources;

/// <summary>
/// Reads <see cref="KubeDoubleOptions.CustomResourceDefinitions"/>: each entry is a YAML or JSON file, a folder
/// (its <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> files in name order) or the YAML text itself; multi-document
/// YAML and <c>List</c>s are split into their objects.
/// </summary>
public static class CrdLoader
{
    public static IReadOnlyList<JsonObject> Load(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var result = new List<JsonObject>();
        foreach (var entry in entries)
        {
            foreach (var text in Texts(entry))
            {
                result.AddRange(Parse(text));
            }
        }
        foreach (var crd in result)
        {
            if (JsonIo.Str(crd["apiVersion"]) != "apiextensions.k8s.io/v1" || JsonIo.Str(crd["kind"]) != "CustomResourceDefinition")
            {
                throw new ArgumentException($"not an apiextensions.k8s.io/v1 CustomResourceDefinition: {crd["apiVersion"]}/{crd["kind"]} {crd["metadata"]?["name"]}", nameof(entries));
            }
        }
        return result;
    }

    /// <summary>
    /// The shared reference folder <c>shared/reference/&lt;name&gt;</c> (e.g. <c>rook</c>, <c>admiralty</c>), found by
    /// walking up from the base directory as the OpenAPI documents are; null when absent.
    /// </summary>
    public static string? LocateReference(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The objects of one YAML or JSON text.</summary>
    public static IEnumerable<JsonObject> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var doc in ("\n" + text).Split("\n---", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (doc.Split('\n').All(l => l.TrimStart().Length == 0 || l.TrimStart().StartsWith('#')))
            {
                continue;
            }
            var node = JsonIo.ParseObject(Encoding.UTF8.GetBytes(doc), allowYaml: true);
            if (node["items"] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    yield return item.DeepClone().AsObject();
                }
            }
            else
            {
                yield return node;
            }
        }
    }

    private static IEnumerable<string> Texts(string entry)
    {
        if (Directory.Exists(entry))
        {
            return Directory.EnumerateFiles(entry)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllText);
        }
        return File.Exists(entry) ? [File.ReadAllText(entry)] : [entry];
    }
}
