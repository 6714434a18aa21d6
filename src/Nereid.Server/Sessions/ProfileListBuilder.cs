using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Server.Sessions;

/// <summary>
/// Builds KubeSpawner's <c>profile_list</c> from what each namespace may start: per namespace one CPU profile, and one
/// profile per GPU product that is free for it and fits its quota. Every key of every <c>kubespawner_override</c> is a
/// KubeSpawner option (<see cref="OverrideKeys"/>); list-valued options are replaced, not merged, by KubeSpawner, so the
/// size choice carries the whole <c>volumes</c>/<c>volume_mounts</c> lists (claims and the shm emptyDir together).
/// </summary>
internal static class ProfileListBuilder
{
    /// <summary>The KubeSpawner options Nereid sets.</summary>
    public static readonly IReadOnlyList<string> OverrideKeys =
    [
        "namespace", "image", "cpu_guarantee", "cpu_limit", "mem_guarantee", "mem_limit", "extra_resource_guarantees",
        "extra_resource_limits", "node_affinity_required", "tolerations", "volumes", "volume_mounts",
    ];

    private const string GpuResource = "nvidia.com/gpu";

    public static JsonArray Build(SessionsOptions options, IReadOnlyList<SessionImageView> images, IEnumerable<NamespaceAllowance> namespaces)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(namespaces);
        var profiles = new JsonArray();
        if (images.Count == 0)
            return profiles;
        var cpuImages = images.Where(i => !i.NeedsGpu).ToList();
        foreach (var ns in namespaces)
        {
            var sizes = options.EffectiveSizes.Where(s => ns.Fits(Quantity.Parse(s.Cpu).ToDecimal(), Quantity.Parse(s.Memory).ToInt64())).ToList();
            if (sizes.Count == 0)
                continue;
            if (cpuImages.Count > 0)
                profiles.Add(Profile(ns.Namespace, $"{ns.Namespace} · CPU only", $"Runs in namespace {ns.Namespace}, counted in its quota.",
                    Base(ns), Options(options, ns, sizes, cpuImages, 0)));
            foreach (var (product, _) in ns.MaxFreePerNode.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var max = ns.GpusFor(product, options.MaxGpusPerSession);
                if (max <= 0)
                    continue;
                var over = Base(ns);
                over["node_affinity_required"] = new JsonArray(new JsonObject
                {
                    ["matchExpressions"] = new JsonArray(new JsonObject
                    {
                        ["key"] = options.GpuProductLabel, ["operator"] = "In", ["values"] = new JsonArray(product),
                    }),
                });
                profiles.Add(Profile($"{ns.Namespace}--{Slug(product)}", $"{ns.Namespace} · {product}",
                    $"Up to {max} × {product} free now in namespace {ns.Namespace}.", over, Options(options, ns, sizes, images, max)));
            }
        }
        if (profiles.Count > 0)
            profiles[0]!["default"] = true;
        return profiles;
    }

    private static JsonObject Profile(string slug, string display, string description, JsonObject over, JsonObject profileOptions)
    {
        var profile = new JsonObject { ["display_name"] = display, ["slug"] = slug, ["description"] = description };
        profile["kubespawner_override"] = over;
        profile["profile_options"] = profileOptions;
        return profile;
    }

    private static JsonObject Base(NamespaceAllowance ns) => new()
    {
        ["namespace"] = ns.Namespace,
        ["tolerations"] = new JsonArray([.. ns.Tolerations.Select(Toleration)]),
    };

    private static JsonObject Options(SessionsOptions options, NamespaceAllowance ns, List<SessionSize> sizes, IReadOnlyList<SessionImageView> images, long gpus)
    {
        var result = new JsonObject();
        if (gpus > 0)
        {
            var gpuChoices = new JsonObject();
            for (var n = 1; n <= gpus; n++)
            {
                var count = n.ToString(CultureInfo.InvariantCulture);
                gpuChoices[count] = Choice(n == 1 ? "1 GPU" : $"{n} GPUs", n == 1, new JsonObject
                {
                    ["extra_resource_guarantees"] = new JsonObject { [GpuResource] = count },
                    ["extra_resource_limits"] = new JsonObject { [GpuResource] = count },
                });
            }
            result["gpus"] = new JsonObject { ["display_name"] = "GPUs", ["choices"] = gpuChoices };
        }
        var imageChoices = new JsonObject();
        // GPU stacks first where GPUs are offered, so the default choice suits the profile.
        var ordered = images.OrderBy(i => gpus > 0 ? !i.NeedsGpu : i.NeedsGpu).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        for (var i = 0; i < ordered.Count; i++)
            imageChoices[ordered[i].Name] = Choice(ordered[i].Description.Length > 0 ? $"{ordered[i].Name}: {ordered[i].Description}" : ordered[i].Name,
                i == 0, new JsonObject { ["image"] = ordered[i].Image });
        result["image"] = new JsonObject { ["display_name"] = "Image", ["choices"] = imageChoices };
        var sizeChoices = new JsonObject();
        for (var i = 0; i < sizes.Count; i++)
            sizeChoices[sizes[i].Name] = Choice($"{sizes[i].Name}: {sizes[i].Cpu} CPU, {sizes[i].Memory} RAM, {sizes[i].Shm} /dev/shm", i == 0, Size(options, ns, sizes[i]));
        result["size"] = new JsonObject { ["display_name"] = "Size", ["choices"] = sizeChoices };
        return result;
    }

    private static JsonObject Size(SessionsOptions options, NamespaceAllowance ns, SessionSize size)
    {
        var cpu = (double)Quantity.Parse(size.Cpu).ToDecimal();
        var memory = Quantity.Parse(size.Memory).ToInt64();
        var volumes = new JsonArray(new JsonObject { ["name"] = "dshm", ["emptyDir"] = new JsonObject { ["medium"] = "Memory", ["sizeLimit"] = size.Shm } });
        var mounts = new JsonArray(new JsonObject { ["name"] = "dshm", ["mountPath"] = "/dev/shm" });
        for (var i = 0; i < ns.Claims.Count; i++)
        {
            var name = $"pvc-{i}";
            volumes.Add(new JsonObject { ["name"] = name, ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = ns.Claims[i] } });
            mounts.Add(new JsonObject { ["name"] = name, ["mountPath"] = $"{options.VolumeMountRoot.TrimEnd('/')}/{ns.Claims[i]}" });
        }
        return new JsonObject
        {
            ["cpu_guarantee"] = cpu, ["cpu_limit"] = cpu, ["mem_guarantee"] = memory, ["mem_limit"] = memory,
            ["volumes"] = volumes, ["volume_mounts"] = mounts,
        };
    }

    private static JsonObject Choice(string display, bool isDefault, JsonObject over)
    {
        var choice = new JsonObject { ["display_name"] = display };
        if (isDefault)
            choice["default"] = true;
        choice["kubespawner_override"] = over;
        return choice;
    }

    private static JsonObject Toleration(Toleration t)
    {
        var o = new JsonObject();
        if (t.Key is not null)
            o["key"] = t.Key;
        if (t.Operator is not null)
            o["operator"] = t.Operator;
        if (t.Value is not null)
            o["value"] = t.Value;
        if (t.Effect is not null)
            o["effect"] = t.Effect;
        return o;
    }

    /// <summary>A DNS-label form of a GPU product: <c>NVIDIA-A100-SXM4-80GB</c> → <c>nvidia-a100-sxm4-80gb</c>.</summary>
    internal static string Slug(string product)
    {
        var sb = new StringBuilder(product.Length);
        foreach (var c in product.ToLowerInvariant())
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        return sb.ToString().Trim('-');
    }
}
