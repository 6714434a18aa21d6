using System.CommandLine;
using System.Globalization;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary>
/// <c>nereid usage [--namespace n] [--from d] [--to d] [--csv]</c>: the usage ledger (Slurm and Kubernetes) of the
/// caller's namespaces. A table of hours per namespace and engine, or with <c>--csv</c> the ledger's records exactly as
/// the API exports them (they read back into the same records).
/// </summary>
internal static class UsageCommand
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var ns = new Option<string?>("--namespace", "-n") { Description = "Only this namespace (default: all of yours)" };
        var from = new Option<string?>("--from") { Description = "First UTC day, yyyy-MM-dd" };
        var to = new Option<string?>("--to") { Description = "Last UTC day, yyyy-MM-dd" };
        var csv = new Option<bool>("--csv") { Description = "Print the ledger records as CSV" };
        var command = new Command("usage", "CPU-, GPU- and memory-hours from the usage ledger (Slurm and Kubernetes)") { ns, from, to, csv };
        command.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var query = Query("namespace", parse.GetValue(ns)) + Query("from", parse.GetValue(from)) + Query("to", parse.GetValue(to));
            if (parse.GetValue(csv))
            {
                await env.Out.WriteAsync(await api.GetStringAsync("api/v1/usage/ledger?format=csv" + query, ct));
                return 0;
            }
            var groups = await api.GetJsonAsync("api/v1/usage/ledger?groupBy=namespace,engine" + query, CliJsonContext.Default.LedgerGroupsDto, ct);
            await env.Out.WriteLineAsync($"{"NAMESPACE",-32} {"ENGINE",-11} {"CPU-H",12} {"GPU-H",12} {"MEM-GIB-H",12}");
            foreach (var g in groups.Items)
            {
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{g.Keys.GetValueOrDefault("namespace"),-32} {g.Keys.GetValueOrDefault("engine"),-11} {g.CpuHours,12:0.##} {g.GpuHours,12:0.##} {g.MemoryGibHours,12:0.##}"));
            }
            return 0;
        });
        return command;
    }

    private static string Query(string name, string? value) => string.IsNullOrEmpty(value) ? "" : $"&{name}={ApiClient.Escape(value)}";
}
