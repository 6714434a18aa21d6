namespace Nereid.Server.Resources.Words;

/// <summary>One taint of a node, raw and in words, and whether the caller's namespaces tolerate it.</summary>
/// <param name="Raw">As Kubernetes writes it: <c>key=value:Effect</c>.</param>
/// <param name="Text">In words, e.g. "Reserved for namespace lab-x" or "Only pods that tolerate tritonOnly=true; others are evicted".</param>
/// <param name="Tolerated">True when the pods of the caller's namespaces may carry a matching toleration.</param>
internal sealed record TaintView(string Key, string? Value, string Effect, string Raw, string Text, bool Tolerated);

/// <summary>Taints in words: reservations by name, Kubernetes' own node-condition taints by meaning, the rest by what the effect does.</summary>
internal static class TaintWords
{
    /// <summary>Splits <c>key=value:Effect</c> (the inventory's form) into its parts; a missing effect is empty.</summary>
    public static (string Key, string? Value, string Effect) Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var colon = raw.LastIndexOf(':');
        var effect = colon >= 0 ? raw[(colon + 1)..] : "";
        var keyValue = colon >= 0 ? raw[..colon] : raw;
        var eq = keyValue.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? (keyValue, null, effect) : (keyValue[..eq], keyValue[(eq + 1)..], effect);
    }

    /// <summary>The taint in words; <paramref name="reservationKey"/> is the configured reservation taint key (or null).</summary>
    public static string Describe(string key, string? value, string effect, string? reservationKey)
    {
        if (reservationKey is not null && key == reservationKey && !string.IsNullOrEmpty(value))
            return $"Reserved for namespace {value}";
        var what = key switch
        {
            "node.kubernetes.io/unschedulable" => "Cordoned",
            "node.kubernetes.io/not-ready" => "Not ready",
            "node.kubernetes.io/unreachable" => "Unreachable from the control plane",
            "node.kubernetes.io/memory-pressure" => "Low on memory",
            "node.kubernetes.io/disk-pressure" => "Low on disk",
            "node.kubernetes.io/pid-pressure" => "Low on process ids",
            "node.kubernetes.io/network-unavailable" => "Network not set up",
            "node-role.kubernetes.io/control-plane" or "node-role.kubernetes.io/master" => "Control-plane node",
            "nvidia.com/gpu" => "Kept for GPU pods",
            _ => null,
        };
        var who = value is null ? key : $"{key}={value}";
        return effect switch
        {
            "NoExecute" => $"{what ?? $"Only pods that tolerate {who}"}; pods without that toleration are not scheduled and are evicted",
            "NoSchedule" => $"{what ?? $"Only pods that tolerate {who}"}; pods without that toleration are not scheduled",
            "PreferNoSchedule" => $"{what ?? $"Preferably only pods that tolerate {who}"}; others are placed here only when nothing else fits",
            _ => what ?? $"Tainted {who}",
        };
    }
}
