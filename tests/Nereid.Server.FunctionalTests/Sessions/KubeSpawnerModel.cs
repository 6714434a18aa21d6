using System.Text.Json.Nodes;

namespace Nereid.Server.FunctionalTests.Sessions;

/// <summary>
/// What KubeSpawner does with a profile: the option names it reads and the Pod its <c>make_pod</c> builds from them.
/// The names are KubeSpawner's configurable traits (kubespawner/spawner.py, KubeSpawner 6–7); the override order is
/// the one in ../shared/reference/jupyterhub/kubespawner-profile_list.py.txt: the profile's kubespawner_override,
/// then each chosen option's, dictionary traits updated recursively and every other trait replaced.
/// </summary>
internal static class KubeSpawnerModel
{
    /// <summary>KubeSpawner's configurable traits that a profile may override (a subset: the ones about the pod).</summary>
    public static readonly IReadOnlySet<string> Traits = new HashSet<string>(StringComparer.Ordinal)
    {
        "namespace", "image", "image_pull_policy", "image_pull_secrets", "cpu_guarantee", "cpu_limit", "mem_guarantee", "mem_limit",
        "extra_resource_guarantees", "extra_resource_limits", "node_selector", "node_affinity_required", "node_affinity_preferred",
        "pod_affinity_required", "pod_affinity_preferred", "pod_anti_affinity_required", "pod_anti_affinity_preferred",
        "tolerations", "volumes", "volume_mounts", "storage_class", "storage_capacity", "storage_access_modes", "storage_pvc_ensure",
        "pvc_name_template", "default_url", "extra_labels", "extra_annotations", "extra_container_config", "extra_pod_config",
        "extra_containers", "init_containers", "environment", "service_account", "automount_service_account_token",
        "priority_class_name", "scheduler_name", "lifecycle_hooks", "uid", "gid", "fs_gid", "supplemental_gids",
        "privileged", "allow_privilege_escalation", "container_security_context", "pod_security_context", "working_dir",
        "cmd", "args", "start_timeout", "http_timeout", "port",
    };

    private static readonly HashSet<string> DictTraits = new(StringComparer.Ordinal)
    {
        "extra_resource_guarantees", "extra_resource_limits", "node_selector", "extra_labels", "extra_annotations",
        "extra_container_config", "extra_pod_config", "environment",
    };

    /// <summary>The overrides of <paramref name="profile"/> with <paramref name="choices"/> (option → choice key), applied in KubeSpawner's order.</summary>
    public static JsonObject Resolve(JsonObject profile, IReadOnlyDictionary<string, string> choices)
    {
        var traits = new JsonObject();
        Apply(traits, profile["kubespawner_override"]!.AsObject());
        foreach (var (option, spec) in profile["profile_options"]?.AsObject() ?? [])
        {
            var key = choices.TryGetValue(option, out var chosen) ? chosen
                : spec!["choices"]!.AsObject().First(c => c.Value!["default"]?.GetValue<bool>() == true).Key;
            Apply(traits, spec!["choices"]![key]!["kubespawner_override"]!.AsObject());
        }
        return traits;
    }

    /// <summary>The Pod KubeSpawner's make_pod would build from resolved traits (the fields these traits reach).</summary>
    public static JsonObject Pod(JsonObject t, string name)
    {
        var requests = new JsonObject();
        var limits = new JsonObject();
        if (t["cpu_guarantee"] is { } cg) requests["cpu"] = Number(cg);
        if (t["mem_guarantee"] is { } mg) requests["memory"] = Number(mg);
        if (t["cpu_limit"] is { } cl) limits["cpu"] = Number(cl);
        if (t["mem_limit"] is { } ml) limits["memory"] = Number(ml);
        foreach (var (k, v) in t["extra_resource_guarantees"]?.AsObject() ?? []) requests[k] = v!.GetValue<string>();
        foreach (var (k, v) in t["extra_resource_limits"]?.AsObject() ?? []) limits[k] = v!.GetValue<string>();
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "notebook",
                ["image"] = t["image"]!.DeepClone(),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "notebook-port", ["containerPort"] = 8888 }),
                ["resources"] = new JsonObject { ["requests"] = requests, ["limits"] = limits },
                ["volumeMounts"] = t["volume_mounts"]?.DeepClone() ?? new JsonArray(),
            }),
            ["volumes"] = t["volumes"]?.DeepClone() ?? new JsonArray(),
            ["tolerations"] = t["tolerations"]?.DeepClone() ?? new JsonArray(),
        };
        if (t["node_affinity_required"] is JsonArray terms && terms.Count > 0)
            spec["affinity"] = new JsonObject
            {
                ["nodeAffinity"] = new JsonObject
                {
                    ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject { ["nodeSelectorTerms"] = terms.DeepClone() },
                },
            };
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = t["namespace"]!.DeepClone() },
            ["spec"] = spec,
        };
    }

    private static void Apply(JsonObject traits, JsonObject over)
    {
        foreach (var (key, value) in over)
        {
            if (DictTraits.Contains(key) && traits[key] is JsonObject existing && value is JsonObject update)
            {
                foreach (var (k, v) in update)
                    existing[k] = v?.DeepClone();
            }
            else
                traits[key] = value?.DeepClone();
        }
    }

    // KubeSpawner writes numeric guarantees and limits as quantity strings.
    private static string Number(JsonNode n) => n.ToJsonString();
}
