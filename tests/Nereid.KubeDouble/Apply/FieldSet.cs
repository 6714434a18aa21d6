using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Schema;

namespace Nereid.KubeDouble.Apply;

/// <summary>
/// A set of field paths in the FieldsV1 vocabulary: each path is a sequence of elements
/// <c>f:name</c> (field), <c>k:{"name":"x"}</c> (associative-list element), <c>v:"x"</c> (set element),
/// joined with <see cref="Separator"/>. A path ending in a list element means "the element itself" ("." in FieldsV1).
/// </summary>
public sealed class FieldSet
{
    public const char Separator = '\u001f';

    private static readonly HashSet<string> IgnoredMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "generateName"];

    public HashSet<string> Paths { get; } = new(StringComparer.Ordinal);

    public FieldSet() { }

    public FieldSet(IEnumerable<string> paths) => Paths.UnionWith(paths);

    /// <summary>Leaf paths of an object; <paramref name="skipStatus"/> drops status (owned by the /status subresource).</summary>
    public static FieldSet FromObject(JsonObject obj, bool skipStatus) => FromObject(obj, skipStatus, ListTypes.RootOf(obj));

    /// <summary>As <see cref="FromObject(JsonObject, bool)"/>, with list semantics from <paramref name="schema"/> (the kind's).</summary>
    internal static FieldSet FromObject(JsonObject obj, bool skipStatus, SchemaNode? schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var set = new FieldSet();
        foreach (var (name, value) in obj)
        {
            if (name is "apiVersion" or "kind" || (skipStatus && name == "status"))
            {
                continue;
            }
            if (name == "metadata" && value is JsonObject meta)
            {
                var metaSchema = SchemaNode.Field(schema, "metadata");
                foreach (var (m, mv) in meta)
                {
                    if (!IgnoredMetadata.Contains(m))
                    {
                        set.Collect(mv, "f:metadata" + Separator + "f:" + m, m, "metadata", SchemaNode.Field(metaSchema, m));
                    }
                }
                continue;
            }
            set.Collect(value, "f:" + name, name, null, SchemaNode.Field(schema, name));
        }
        return set;
    }

    private void Collect(JsonNode? node, string path, string field, string? parentField, SchemaNode? schema)
    {
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                foreach (var (k, v) in o)
                {
                    Collect(v, path + Separator + "f:" + k, k, field, SchemaNode.Field(schema, k));
                }
                break;
            case JsonArray a when ListTypes.KeysFor(schema, field, parentField) is { } keys:
                var items = SchemaNode.ItemsOf(schema);
                foreach (var item in a)
                {
                    var element = path + Separator + ElementName(item, keys);
                    Paths.Add(element);
                    if (keys.Length > 0 && item is JsonObject io)
                    {
                        foreach (var (k, v) in io)
                        {
                            Collect(v, element + Separator + "f:" + k, k, field, SchemaNode.Field(items, k));
                        }
                    }
                }
                break;
            default:
                Paths.Add(path);
                break;
        }
    }

    /// <summary>The list-element path element for <paramref name="item"/>.</summary>
    public static string ElementName(JsonNode? item, string[] keys)
    {
        if (keys.Length == 0)
        {
            return "v:" + (item?.ToJsonString() ?? "null");
        }
        var key = new JsonObject();
        foreach (var k in keys.Order(StringComparer.Ordinal))
        {
            if (item is JsonObject o && o[k] is { } v)
            {
                key[k] = v.DeepClone();
            }
        }
        return "k:" + key.ToJsonString();
    }

    /// <summary>Renders as a <c>fieldsV1</c> object.</summary>
    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in Paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            var parts = path.Split(Separator);
            foreach (var part in parts)
            {
                if (node[part] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[part] = child;
                }
                node = child;
            }
        }
        MarkElements(root);
        return root;
    }

    private void MarkElements(JsonObject node, string prefix = "")
    {
        foreach (var (k, v) in node)
        {
            if (k == "." || v is not JsonObject child)
            {
                continue;
            }
            var path = prefix.Length == 0 ? k : prefix + Separator + k;
            if (k[0] is 'k' or 'v' && child.Count > 0 && Paths.Contains(path) && !child.ContainsKey("."))
            {
                child["."] = new JsonObject();
            }
            MarkElements(child, path);
        }
    }

    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var set = new FieldSet();
        if (fields is JsonObject o)
        {
            set.Parse(o, "");
        }
        return set;
    }

    private void Parse(JsonObject node, string prefix)
    {
        foreach (var (k, v) in node)
        {
            if (k == ".")
            {
                Paths.Add(prefix);
                continue;
            }
            var path = prefix.Length == 0 ? k : prefix + Separator + k;
            if (v is JsonObject child && child.Count > 0)
            {
                Parse(child, path);
            }
            else
            {
                Paths.Add(path);
            }
        }
    }

    /// <summary>Human form used in conflict messages, e.g. <c>.spec.containers[name="a"].image</c>.</summary>
    public static string Display(string path)
    {
        var sb = new StringBuilder();
        foreach (var part in path.Split(Separator))
        {
            if (part.StartsWith("f:", StringComparison.Ordinal))
            {
                sb.Append('.').Append(part.AsSpan(2));
            }
            else if (part.StartsWith("k:", StringComparison.Ordinal))
            {
                var key = JsonNode.Parse(part[2..])!.AsObject();
                sb.Append('[').Append(string.Join(",", key.Select(kv => $"{kv.Key}={kv.Value!.ToJsonString()}"))).Append(']');
            }
            else
            {
                sb.Append('[').Append(part.AsSpan(2)).Append(']');
            }
        }
        return sb.ToString();
    }

    public bool SetEquals(FieldSet other) => Paths.SetEquals(other.Paths);

    /// <summary>Parses an element's key back to JSON (for k: elements) or its value (for v: elements).</summary>
    public static JsonNode? ElementValue(string part) => JsonNode.Parse(part[2..], documentOptions: new JsonDocumentOptions());
}
