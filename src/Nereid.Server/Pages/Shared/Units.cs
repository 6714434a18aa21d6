using System.Globalization;
using KubeQuantity = Nereid.Kubernetes.Quantities.Quantity;

namespace Nereid.Server.Pages.Shared;

/// <summary>
/// The one way pages write resources and amounts for people: resource names as words (the raw name goes in a tooltip
/// and stays as it is in the API), bytes in KiB…TiB, CPU in cores, durations in words, thousands separated.
/// </summary>
internal static class Units
{
    private static readonly string[] ByteUnits = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];

    private static readonly Dictionary<string, string> Plain = new(StringComparer.Ordinal)
    {
        ["cpu"] = "CPU", ["memory"] = "Memory", ["storage"] = "Storage", ["ephemeral-storage"] = "Local scratch storage",
        ["pods"] = "Pods", ["services"] = "Services", ["persistentvolumeclaims"] = "Volume claims", ["configmaps"] = "Config maps",
        ["secrets"] = "Secrets", ["services.loadbalancers"] = "Load balancers", ["services.nodeports"] = "Node ports",
    };

    private static readonly Dictionary<string, string> Vendors = new(StringComparer.Ordinal)
    {
        ["nvidia.com"] = "NVIDIA", ["amd.com"] = "AMD", ["gpu.intel.com"] = "Intel", ["xilinx.com"] = "Xilinx", ["intel.com"] = "Intel",
    };

    /// <summary>
    /// <c>nvidia.com/gpu</c> → "GPUs (NVIDIA)", <c>nvidia.com/mig-1g.10gb</c> → "MIG 1g.10gb slices (NVIDIA)",
    /// <c>xilinx.com/fpga-xilinx_u250_gen3x16_xdma_shell_3_1</c> → "FPGAs (Xilinx U250)", <c>requests.memory</c> → "Memory requested",
    /// <c>limits.cpu</c> → "CPU limit". Names it does not know come back unchanged.
    /// </summary>
    public static string ResourceName(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.StartsWith("requests.", StringComparison.Ordinal))
            return With(resource["requests.".Length..], "requested");
        if (resource.StartsWith("limits.", StringComparison.Ordinal))
            return With(resource["limits.".Length..], "limit");
        var (noun, vendor) = Noun(resource);
        return vendor is null ? noun : $"{noun} ({vendor})";
    }

    /// <summary>A count with thousands separators and at most two decimals: <c>1,234.5</c>.</summary>
    public static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary><c>1 core</c>, <c>0.5 cores</c>, <c>1,024 cores</c>.</summary>
    public static string Cores(double cores) => Number(cores) + (cores == 1 ? " core" : " cores");

    /// <summary>Binary units, one decimal where it matters: <c>512 MiB</c>, <c>16 GiB</c>, <c>1.5 TiB</c>.</summary>
    public static string Bytes(double bytes)
    {
        var unit = 0;
        var value = bytes;
        while (Math.Abs(value) >= 1024 && unit < ByteUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString(unit == 0 ? "#,0" : "#,0.#", CultureInfo.InvariantCulture) + " " + ByteUnits[unit];
    }

    /// <summary>The two largest parts in words: <c>45 seconds</c>, <c>3 minutes</c>, <c>2 hours 5 minutes</c>, <c>3 days 4 hours</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
            span = span.Negate();
        if (span < TimeSpan.FromMinutes(1))
            return TimeText.Plural((long)span.TotalSeconds, "second");
        (long Count, string Name)[] parts = [(span.Days, "day"), (span.Hours, "hour"), (span.Minutes, "minute")];
        var first = Array.FindIndex(parts, p => p.Count > 0);
        var shown = parts.Skip(first).Take(2).Where(p => p.Count > 0).Select(p => TimeText.Plural(p.Count, p.Name));
        return string.Join(' ', shown);
    }

    /// <summary>A quota or request value in the unit its resource is read in: <c>512Gi</c> of memory → "512 GiB", <c>500m</c> CPU → "0.5 cores".</summary>
    public static string Quantity(string resource, string raw)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!KubeQuantity.TryParse(raw, out var q))
            return raw;
        var baseName = resource.StartsWith("requests.", StringComparison.Ordinal) ? resource["requests.".Length..]
            : resource.StartsWith("limits.", StringComparison.Ordinal) ? resource["limits.".Length..] : resource;
        var value = (double)q.ToDecimal();
        return baseName switch
        {
            "cpu" => Cores(value),
            "memory" or "storage" or "ephemeral-storage" => Bytes(value),
            _ => Number(value),
        };
    }

    private static string With(string resource, string how)
    {
        var (noun, vendor) = Noun(resource);
        return vendor is null ? $"{noun} {how}" : $"{noun} {how} ({vendor})";
    }

    private static (string Noun, string? Vendor) Noun(string resource)
    {
        if (Plain.TryGetValue(resource, out var plain))
            return (plain, null);
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
            return (resource, null);
        var domain = resource[..slash];
        var name = resource[(slash + 1)..];
        var vendor = Vendors.GetValueOrDefault(domain, domain);
        if (name == "gpu")
            return ("GPUs", vendor);
        if (name == "gpu.shared")
            return ("Shared GPU slots", vendor);
        if (name.StartsWith("mig-", StringComparison.Ordinal))
            return ($"MIG {name["mig-".Length..]} slices", vendor);
        if (name.StartsWith("fpga", StringComparison.Ordinal))
            return ("FPGAs", FpgaModel(vendor, name));
        return (resource, null);
    }

    // xilinx_u250_gen3x16_xdma_shell_3_1 → "Xilinx U250": the vendor and the board, not the shell version.
    private static string FpgaModel(string vendor, string name)
    {
        var parts = name.Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .SkipWhile(p => string.Equals(p, vendor, StringComparison.OrdinalIgnoreCase)).ToList();
        return parts.Count == 0 ? vendor : $"{vendor} {parts[0].ToUpperInvariant()}";
    }
}
