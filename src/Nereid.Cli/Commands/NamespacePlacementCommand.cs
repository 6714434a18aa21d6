using System.CommandLine;
using System.Text.Json;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary>
/// <c>nereid ns placement &lt;name&gt; [--cluster c]… [--default] [--quota cluster:resource=quantity]… [--no-quota]</c>:
/// shows which clusters the namespace is placed on and which of them is behind (and why); with options, changes it.
/// Exits 3 while a placed cluster is behind, so scripts can wait on it like <c>ns status</c>.
/// </summary>
internal static class NamespacePlacementCommand
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var name = new Argument<string>("name");
        var clusters = new Option<string[]>("--cluster") { Description = "Place the namespace on this cluster (repeatable; replaces the current choice)" };
        var useDefault = new Option<bool>("--default") { Description = "Return the namespace to the platform's default clusters" };
        var quotas = new Option<string[]>("--quota")
        {
            Description = "Per-cluster quota cluster:resource=quantity (repeatable; replaces every per-cluster value; platform admins)",
        };
        var noQuota = new Option<bool>("--no-quota") { Description = "Remove every per-cluster quota value (platform admins)" };
        var command = new Command("placement", "Show or change the clusters a namespace is placed on") { name, clusters, useDefault, quotas, noQuota };
        command.SetAction(async (parse, ct) =>
        {
            var ns = parse.GetValue(name)!;
            var chosen = parse.GetValue(clusters) ?? [];
            var quotaArgs = parse.GetValue(quotas) ?? [];
            var isDefault = parse.GetValue(useDefault);
            var clearQuota = parse.GetValue(noQuota);
            if (isDefault && chosen.Length > 0)
            {
                await env.Err.WriteLineAsync("error: --default and --cluster exclude each other");
                return 2;
            }
            if (ParseQuotas(quotaArgs, out var error) is not { } parsed)
            {
                await env.Err.WriteLineAsync($"error: {error}");
                return 2;
            }
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var path = $"api/v1/namespaces/{ApiClient.Escape(ns)}/placement";
            PlacementDto view;
            if (!isDefault && chosen.Length == 0 && quotaArgs.Length == 0 && !clearQuota)
            {
                view = await api.GetJsonAsync(path, CliJsonContext.Default.PlacementDto, ct);
            }
            else
            {
                // Only clusters or only quotas may change: the other half is sent back as it is now.
                var current = await api.GetJsonAsync(path, CliJsonContext.Default.PlacementDto, ct);
                List<string>? wanted = isDefault ? null : chosen.Length > 0 ? [.. chosen]
                    : current.IsDefault ? null : [.. current.Clusters.Where(c => c.Placed).Select(c => c.Cluster)];
                var body = new PlacementInputDto(wanted, clearQuota ? [] : quotaArgs.Length > 0 ? parsed : null);
                var json = await api.SendJsonAsync(HttpMethod.Put, path, body, CliJsonContext.Default.PlacementInputDto, ct);
                view = JsonSerializer.Deserialize(json, CliJsonContext.Default.PlacementDto)!;
            }
            return await PrintAsync(env, view);
        });
        return command;
    }

    private static async Task<int> PrintAsync(CliEnvironment env, PlacementDto view)
    {
        await env.Out.WriteLineAsync($"namespace/{view.Namespace} is placed on {(view.IsDefault ? "the default clusters" : "chosen clusters")}");
        if (view.Clusters.Count == 0)
        {
            await env.Out.WriteLineAsync("no cluster is connected");
            return 0;
        }
        await env.Out.WriteLineAsync($"{"CLUSTER",-20} {"REGION",-12} {"PLACED",-8} {"CONDITION",-12} {"VERSION",7} {"QUOTA",-24} BEHIND");
        foreach (var c in view.Clusters)
        {
            var placed = c.Placed ? "yes" : c.RemovalDue is { } due ? $"no (removed {due:u})" : "no";
            var quota = c.Quota is { Count: > 0 } q ? string.Join(",", q.Select(kv => $"{kv.Key}={kv.Value}")) : "-";
            var behind = c.Behind ? $"yes: {c.BehindReason}" : "no";
            await env.Out.WriteLineAsync($"{c.Cluster,-20} {c.Region ?? "-",-12} {placed,-8} {c.Condition,-12} {c.ObservedVersion,7} {quota,-24} {behind}");
        }
        return view.Clusters.Any(c => c.Behind) ? 3 : 0;
    }

    /// <summary>cluster:resource=quantity pairs as cluster → resource → quantity; null (with the reason) when one is malformed.</summary>
    internal static Dictionary<string, Dictionary<string, string>>? ParseQuotas(IEnumerable<string> args, out string? error)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var arg in args)
        {
            var colon = arg.IndexOf(':', StringComparison.Ordinal);
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (colon <= 0 || equals <= colon + 1 || equals == arg.Length - 1)
            {
                error = $"--quota '{arg}' is not cluster:resource=quantity";
                return null;
            }
            var cluster = arg[..colon];
            if (!result.TryGetValue(cluster, out var values))
            {
                result[cluster] = values = new(StringComparer.Ordinal);
            }
            values[arg[(colon + 1)..equals]] = arg[(equals + 1)..];
        }
        error = null;
        return result;
    }
}
