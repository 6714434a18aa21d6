using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Discovery;

/// <summary>Legacy discovery documents (SEMANTICS.md §16): /version, /api, /apis, and APIResourceLists.</summary>
public sealed class DiscoveryDocuments(ResourceCatalog catalog)
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "35",
        ["emulationMajor"] = "1",
        ["emulationMinor"] = "35",
        ["gitVersion"] = "v1.35.0",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-12-17T00:00:00Z",
        ["goVersion"] = "go1.25.5",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public JsonObject ApiGroupList()
    {
        var groups = new JsonArray();
        foreach (var g in catalog.GroupVersions.Where(g => g.Group.Length > 0).GroupBy(g => g.Group))
        {
            var versions = new JsonArray();
            foreach (var (group, version) in g)
            {
                versions.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
            }
            groups.Add(new JsonObject
            {
                ["name"] = g.Key,
                ["versions"] = versions,
                ["preferredVersion"] = versions[0]!.DeepClone(),
            });
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public JsonObject? ApiGroup(string group)
    {
        var versions = catalog.GroupVersions.Where(g => g.Group == group).ToList();
        if (versions.Count == 0)
        {
            return null;
        }
        var arr = new JsonArray([.. versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{group}/{v.Version}", ["version"] = v.Version })]);
        return new JsonObject { ["kind"] = "APIGroup", ["apiVersion"] = "v1", ["name"] = group, ["versions"] = arr, ["preferredVersion"] = arr[0]!.DeepClone() };
    }

    public JsonObject? ResourceList(string group, string version)
    {
        var resources = catalog.All.Where(r => r.Group == group && r.Version == version).OrderBy(r => r.Plural, StringComparer.Ordinal).ToList();
        if (resources.Count == 0)
        {
            return null;
        }
        var arr = new JsonArray();
        foreach (var r in resources)
        {
            var entry = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray([.. r.Verbs.Select(v => (JsonNode)v)]),
            };
            if (r.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. r.ShortNames.Select(v => (JsonNode)v)]);
            }
            if (r.Categories.Count > 0)
            {
                entry["categories"] = new JsonArray([.. r.Categories.Select(v => (JsonNode)v)]);
            }
            arr.Add(entry);
            foreach (var sub in r.Subresources)
            {
                string[] verbs = sub switch { "finalize" => ["update"], "token" => ["create"], _ => ["get", "patch", "update"] };
                var subEntry = new JsonObject
                {
                    ["name"] = $"{r.Plural}/{sub}",
                    ["singularName"] = "",
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = r.Kind,
                    ["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]),
                };
                if (sub == "token")
                {
                    // As the apiserver lists it: the subresource takes and returns an authentication.k8s.io/v1 TokenRequest.
                    subEntry["group"] = "authentication.k8s.io";
                    subEntry["version"] = "v1";
                    subEntry["kind"] = "TokenRequest";
                }
                arr.Add(subEntry);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = arr,
        };
    }
}
