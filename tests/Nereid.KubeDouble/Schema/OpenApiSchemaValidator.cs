using System.Collections.Concurrent;
using System.Text.Json;

namespace Nereid.KubeDouble.Schema;

/// <summary>
/// Strict validation of Kubernetes objects against the official OpenAPI v3 documents, the way the apiserver
/// decodes with <c>fieldValidation=Strict</c> (and kubectl-validate checks): unknown fields, wrong JSON types,
/// malformed quantities/timestamps/base64, missing required properties and unsupported enum values are errors.
/// </summary>
/// <remarks>
/// Every <c>*.json</c> document of the folder is read and each schema is indexed by the
/// <c>x-kubernetes-group-version-kind</c> entries it declares (a schema such as ObjectMeta appears in several
/// documents; the first copy wins). A kind's schema tree is compiled on first use and cached; the instance is
/// thread-safe. Validate the complete object that would be stored, not a partial apply or merge patch.
/// </remarks>
public sealed class OpenApiSchemaValidator
{
    private static readonly Lazy<OpenApiSchemaValidator> Default =
        new(() => Load(Path.Combine(AppContext.BaseDirectory, "openapi-spec-v3")), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, string> _schemaByGvk;
    private readonly SchemaCompiler _compiler;
    private readonly Lock _compileLock = new();
    private readonly ConcurrentDictionary<string, SchemaNode> _roots = new(StringComparer.Ordinal);

    private OpenApiSchemaValidator(Dictionary<string, JsonElement> schemas, Dictionary<string, string> schemaByGvk)
    {
        _schemaByGvk = schemaByGvk;
        _compiler = new SchemaCompiler(schemas);
    }

    /// <summary>The validator over the documents copied next to the assembly (<c>openapi-spec-v3/</c>); loaded once per process.</summary>
    public static OpenApiSchemaValidator LoadDefault() => Default.Value;

    /// <summary>Loads every <c>*.json</c> OpenAPI v3 document in <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidOperationException">The folder holds no OpenAPI documents.</exception>
    public static OpenApiSchemaValidator Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var files = Directory.GetFiles(directory, "*.json");
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"No OpenAPI documents (*.json) found in '{directory}'.");
        }

        Array.Sort(files, StringComparer.Ordinal);
        var schemas = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var schemaByGvk = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            // The documents stay alive with the validator: compiled lazily, their elements are read later.
            var document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (!document.RootElement.TryGetProperty("components", out var components)
                || !components.TryGetProperty("schemas", out var section))
            {
                continue;
            }

            foreach (var schema in section.EnumerateObject())
            {
                if (!schemas.TryAdd(schema.Name, schema.Value))
                {
                    continue;
                }

                if (schema.Value.TryGetProperty("x-kubernetes-group-version-kind", out var gvks))
                {
                    foreach (var gvk in gvks.EnumerateArray())
                    {
                        var key = Key(gvk.GetProperty("group").GetString()!, gvk.GetProperty("version").GetString()!, gvk.GetProperty("kind").GetString()!);
                        schemaByGvk.TryAdd(key, schema.Name);
                    }
                }
            }
        }

        return new OpenApiSchemaValidator(schemas, schemaByGvk);
    }

    /// <summary>True when a schema is loaded for <paramref name="apiVersion"/> (<c>v1</c>, <c>rbac.authorization.k8s.io/v1</c>) and <paramref name="kind"/>.</summary>
    public bool Knows(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        ArgumentNullException.ThrowIfNull(kind);
        return _schemaByGvk.ContainsKey(Key(apiVersion, kind));
    }

    /// <summary>
    /// Validates a whole object; the schema is chosen by its <c>apiVersion</c> and <c>kind</c>.
    /// Returns an empty list when the object is valid.
    /// </summary>
    public IReadOnlyList<SchemaError> Validate(JsonElement obj)
    {
        var walker = new SchemaWalker();
        if (obj.ValueKind != JsonValueKind.Object)
        {
            walker.Add(SchemaError.FieldValueInvalid, "Invalid value: the object must be a JSON object");
            return walker.Errors;
        }

        var apiVersion = TopLevelString(obj, "apiVersion", walker);
        var kind = TopLevelString(obj, "kind", walker);
        if (apiVersion is null || kind is null)
        {
            return walker.Errors;
        }

        if (!_schemaByGvk.TryGetValue(Key(apiVersion, kind), out var schemaName))
        {
            walker.Push("kind");
            walker.Add(SchemaError.FieldValueNotSupported,
                $"Unsupported value: {SchemaWalker.Quote(kind)}: no kind {SchemaWalker.Quote(kind)} is registered for version {SchemaWalker.Quote(apiVersion)}");
            return walker.Errors;
        }

        walker.Walk(obj, Root(schemaName));
        return walker.Errors;
    }

    /// <summary>The compiled schema of a kind, or null when none is loaded (list semantics then fall back to <c>ListTypes</c>' table).</summary>
    internal SchemaNode? RootFor(string? apiVersion, string? kind) =>
        apiVersion is not null && kind is not null && _schemaByGvk.TryGetValue(Key(apiVersion, kind), out var name) ? Root(name) : null;

    private SchemaNode Root(string schemaName)
    {
        if (_roots.TryGetValue(schemaName, out var root))
        {
            return root;
        }

        lock (_compileLock)
        {
            return _roots.GetOrAdd(schemaName, _compiler.Named);
        }
    }

    private static string? TopLevelString(JsonElement obj, string name, SchemaWalker walker)
    {
        walker.Push(name);
        string? text = null;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
        {
            walker.Add(SchemaError.FieldValueRequired, "Required value");
        }
        else if (value.ValueKind != JsonValueKind.String)
        {
            walker.Add(SchemaError.FieldValueInvalid, $"Invalid value: {value.GetRawText()}: {name} in body must be of type string");
        }
        else
        {
            text = value.GetString();
        }

        walker.Pop();
        return text;
    }

    private static string Key(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? Key(string.Empty, apiVersion, kind) : Key(apiVersion[..slash], apiVersion[(slash + 1)..], kind);
    }

    private static string Key(string group, string version, string kind) => $"{group}/{version}/{kind}";
}
