using System.Text.Json.Nodes;

namespace Nereid.Server.Meshes;

/// <summary>
/// Builds one pSConfig document (perfSONAR's mesh format) from the testpoints: every host that has the mesh's label
/// is an address, each label value a mesh group, and each configured test a task in every group. Everything is
/// ordered, so the same hosts always give the same bytes (and the same ETag).
/// </summary>
internal static class PsConfigBuilder
{
    private const string ArchiveName = "nereid-archive";

    /// <summary>The document of mesh <paramref name="kind"/>.</summary>
    public static JsonObject Build(MeshKind kind, IEnumerable<MeshHost> hosts, MeshOptions options)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(options);
        var members = hosts.Where(h => IsName(h.GroupValue(kind))).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var groups = members.GroupBy(h => h.GroupValue(kind)!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var tests = options.Tests.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var doc = new JsonObject { ["_meta"] = new JsonObject { ["display-name"] = $"{options.DisplayName} by {Word(kind)}" } };
        if (options.ArchiveUrl is { } url)
        {
            doc["archives"] = new JsonObject
            {
                [ArchiveName] = new JsonObject
                {
                    ["archiver"] = "http",
                    ["data"] = new JsonObject { ["schema"] = 2, ["_url"] = url, ["op"] = "put", ["_headers"] = new JsonObject { ["content-type"] = "application/json" } },
                },
            };
        }
        doc["addresses"] = new JsonObject(members.Select(h => KeyValuePair.Create(h.Name, (JsonNode?)new JsonObject
        {
            ["address"] = h.Address,
            ["_meta"] = new JsonObject { ["cluster"] = h.Cluster, ["node"] = h.Node },
        })));
        doc["groups"] = new JsonObject(groups.Select(g => KeyValuePair.Create(GroupName(kind, g.Key), (JsonNode?)new JsonObject
        {
            ["type"] = "mesh",
            ["addresses"] = new JsonArray([.. g.Select(h => (JsonNode)new JsonObject { ["name"] = h.Name })]),
        })));
        doc["tests"] = new JsonObject(tests.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)Test(t.Value))));
        doc["schedules"] = new JsonObject(tests.Where(t => t.Value.Repeat is not null).Select(t => KeyValuePair.Create(ScheduleName(t.Key), (JsonNode?)new JsonObject
        {
            ["repeat"] = t.Value.Repeat, ["slip"] = t.Value.Repeat, ["sliprand"] = true,
        })));
        doc["tasks"] = new JsonObject(groups.SelectMany(g => tests.Select(t => KeyValuePair.Create($"{GroupName(kind, g.Key)}--{t.Key}", (JsonNode?)Task(kind, g.Key, t, options)))));
        return doc;
    }

    /// <summary>The group name of label value <paramref name="value"/> in mesh <paramref name="kind"/>.</summary>
    public static string GroupName(MeshKind kind, string value) => $"{Word(kind)}-{value}";

    /// <summary>The mesh's name in URLs and documents.</summary>
    public static string Word(MeshKind kind) => kind.ToString().ToLowerInvariant();

    private static JsonObject Test(MeshTestOptions test)
    {
        var spec = new JsonObject { ["source"] = "{% address[0] %}", ["dest"] = "{% address[1] %}" };
        if (test.Duration is { } duration)
        {
            spec["duration"] = duration;
        }
        return new JsonObject { ["type"] = test.Type, ["spec"] = spec };
    }

    private static JsonObject Task(MeshKind kind, string group, KeyValuePair<string, MeshTestOptions> test, MeshOptions options)
    {
        var task = new JsonObject { ["group"] = GroupName(kind, group), ["test"] = test.Key };
        if (test.Value.Repeat is not null)
        {
            task["schedule"] = ScheduleName(test.Key);
        }
        if (options.ArchiveUrl is not null)
        {
            task["archives"] = new JsonArray(ArchiveName);
        }
        task["reference"] = new JsonObject { ["display-task-name"] = $"{test.Key} in {Word(kind)} {group}", ["display-task-group"] = new JsonArray(Word(kind)) };
        return task;
    }

    private static string ScheduleName(string test) => $"{test}-schedule";

    // Label values are already within pSConfig's name characters; an empty one cannot name a group.
    private static bool IsName(string? value) => !string.IsNullOrEmpty(value) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
