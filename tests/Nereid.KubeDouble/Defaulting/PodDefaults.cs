using System.Text.Json.Nodes;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.Defaulting;

/// <summary>
/// The core/v1 scheme defaults of a Pod (SetDefaults_Pod, _PodSpec, _Container, _Probe, volume sources): what every
/// decoded pod gets before validation, so a pod read back carries them as from a real apiserver.
/// </summary>
internal static class PodDefaults
{
    public static void Apply(JsonObject pod)
    {
        if (pod["spec"] is not JsonObject spec)
        {
            return;
        }
        SetIfMissing(spec, "restartPolicy", "Always");
        SetIfMissing(spec, "dnsPolicy", "ClusterFirst");
        SetIfMissing(spec, "terminationGracePeriodSeconds", 30L);
        SetIfMissing(spec, "schedulerName", "default-scheduler");
        SetIfMissing(spec, "enableServiceLinks", true);
        if (spec["securityContext"] is null)
        {
            spec["securityContext"] = new JsonObject();
        }
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in (spec[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                Container(container);
            }
        }
        foreach (var volume in (spec["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Volume(volume);
        }
    }

    private static void Container(JsonObject c)
    {
        SetIfMissing(c, "terminationMessagePath", "/dev/termination-log");
        SetIfMissing(c, "terminationMessagePolicy", "File");
        SetIfMissing(c, "imagePullPolicy", PullPolicyFor(JsonIo.Str(c["image"]) ?? ""));
        if (c["resources"] is not JsonObject resources)
        {
            c["resources"] = resources = new JsonObject();
        }
        // SetDefaults_Pod: a limit without a request requests the limit, for every resource (extended ones too).
        if (resources["limits"] is JsonObject limits && limits.Count > 0)
        {
            if (resources["requests"] is not JsonObject requests)
            {
                resources["requests"] = requests = new JsonObject();
            }
            foreach (var (name, value) in limits)
            {
                if (!requests.ContainsKey(name))
                {
                    requests[name] = value?.DeepClone();
                }
            }
        }
        foreach (var port in (c["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            SetIfMissing(port, "protocol", "TCP");
        }
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (c[probe] is JsonObject p)
            {
                SetIfMissing(p, "timeoutSeconds", 1L);
                SetIfMissing(p, "periodSeconds", 10L);
                SetIfMissing(p, "successThreshold", 1L);
                SetIfMissing(p, "failureThreshold", 3L);
            }
        }
    }

    private static void Volume(JsonObject volume)
    {
        foreach (var source in new[] { "secret", "configMap", "projected", "downwardAPI" })
        {
            if (volume[source] is JsonObject s)
            {
                SetIfMissing(s, "defaultMode", 420L);
            }
        }
    }

    /// <summary>SetDefaults_Container: Always for <c>:latest</c> or an untagged image, else IfNotPresent (digests count as tags).</summary>
    public static string PullPolicyFor(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        var tag = colon < 0 ? "" : image[(colon + 1)..];
        return tag is "" or "latest" ? "Always" : "IfNotPresent";
    }

    private static void SetIfMissing(JsonObject obj, string key, JsonNode value)
    {
        if (obj[key] is null)
        {
            obj[key] = value;
        }
    }
}
