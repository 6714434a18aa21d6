using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Schema;
using Nereid.KubeDouble.Server;
using Nereid.KubeDouble.Watch;

namespace Nereid.KubeDouble.CustomResources;

/// <summary>
/// Keeps the catalog and the custom schemas in step with the stored CustomResourceDefinitions: a definition
/// committed (created, updated) registers its served versions, and a deleted one takes them away, before the
/// next request is handled (the store calls <see cref="OnCommitted"/> under its commit lock).
/// </summary>
public sealed class CustomResourceRegistry
{
    private readonly ResourceCatalog _catalog;
    private readonly SchemaNode _objectMeta;
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind), SchemaNode> _schemas = new();

    public CustomResourceRegistry(ResourceCatalog catalog)
    {
        _catalog = catalog;
        // Custom resources get ObjectMeta validated as built-ins do, whatever their schema says of metadata.
        _objectMeta = SchemaNode.Field(OpenApiSchemaValidator.LoadDefault().RootFor("v1", "ConfigMap"), "metadata")
            ?? new SchemaNode { Type = SchemaType.Object, PreserveUnknownFields = true };
    }

    /// <summary>The compiled structural schema of a custom kind, or null when it has none (or is not custom).</summary>
    internal SchemaNode? SchemaFor(string apiVersion, string kind) => _schemas.GetValueOrDefault((apiVersion, kind));

    public void OnCommitted(WatchEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Resource.Group != "apiextensions.k8s.io" || e.Resource.Plural != "customresourcedefinitions")
        {
            return;
        }
        if (e.Type == "DELETED")
        {
            Forget(e.Object);
        }
        else
        {
            // An update replaces the versions in one swap, so no request sees the resource missing meanwhile.
            Register(e.Object);
        }
    }

    private void Register(JsonObject crd)
    {
        var resources = CrdResources.From(crd);
        foreach (var version in CrdResources.ServedVersions(crd))
        {
            var r = resources.First(x => x.Version == JsonIo.Str(version["name"]));
            if (version["schema"]?["openAPIV3Schema"] is JsonObject schema)
            {
                _schemas[(r.ApiVersion, r.Kind)] = Compile(schema);
            }
        }
        _catalog.Replace(CrdResources.Group(crd), CrdResources.Plural(crd), resources);
    }

    private void Forget(JsonObject crd)
    {
        foreach (var r in _catalog.All.Where(x => x.IsCustom && x.Group == CrdResources.Group(crd) && x.Plural == CrdResources.Plural(crd)).ToList())
        {
            _schemas.TryRemove((r.ApiVersion, r.Kind), out _);
        }
        _catalog.Replace(CrdResources.Group(crd), CrdResources.Plural(crd), []);
    }

    private SchemaNode Compile(JsonObject openApiV3Schema)
    {
        var compiler = new SchemaCompiler(new Dictionary<string, JsonElement>(), structural: true);
        var root = compiler.CompileInline(JsonSerializer.SerializeToElement(openApiV3Schema));
        if (root.Type != SchemaType.Object)
        {
            root = new SchemaNode { Type = SchemaType.Object, PreserveUnknownFields = true };
        }
        root.Properties ??= new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        root.Properties["apiVersion"] = new SchemaNode { Type = SchemaType.String };
        root.Properties["kind"] = new SchemaNode { Type = SchemaType.String };
        root.Properties["metadata"] = _objectMeta;
        return root;
    }
}
