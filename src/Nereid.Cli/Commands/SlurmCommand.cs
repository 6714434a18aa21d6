using System.CommandLine;
using System.Globalization;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary>
/// <c>nereid slurm status &lt;namespace&gt;</c>: whether the namespace's Slurm account and its members' associations are in
/// sync on each Slurm cluster it is placed on, and when that was checked; <c>nereid slurm clusters</c>: the registered
/// Slurm clusters with their last pass (platform admins). Both print a table, or the API's own JSON with <c>-o json</c>.
/// </summary>
internal static class SlurmCommand
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var name = new Argument<string>("namespace") { Description = "The namespace (its Slurm account)" };
        var statusOutput = Output();
        var status = new Command("status", "Is the namespace's Slurm account in sync on each Slurm cluster it is placed on?") { name, statusOutput };
        status.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var path = $"api/v1/namespaces/{ApiClient.Escape(parse.GetValue(name)!)}/slurm";
            if (parse.GetValue(statusOutput) == "json")
            {
                await env.Out.WriteLineAsync(await api.GetStringAsync(path, ct));
                return 0;
            }
            var view = await api.GetJsonAsync(path, CliJsonContext.Default.SlurmNamespaceStatusDto, ct);
            if (view.Items.Count == 0)
            {
                await env.Out.WriteLineAsync("Not placed on any Slurm cluster.");
                return 0;
            }
            await env.Out.WriteLineAsync($"{"CLUSTER",-16} {"SLURM NAME",-16} {"STATE",-16} {"CHECKED",-20} {"IN SYNC AT",-20} MESSAGE");
            foreach (var c in view.Items)
            {
                await env.Out.WriteLineAsync(
                    $"{c.Cluster,-16} {c.ClusterName,-16} {c.State + (c.Stale ? "*" : ""),-16} {Time(c.CheckedAt),-20} {Time(c.InSyncAt),-20} {c.Message}");
            }
            if (view.Items.Any(c => c.Stale))
            {
                await env.Out.WriteLineAsync("* last known state: the cluster was not checked recently or slurmrestd is not answering");
            }
            return 0;
        });

        var clustersOutput = Output();
        var clusters = new Command("clusters", "List the registered Slurm clusters with their last projection pass (platform admins)") { clustersOutput };
        clusters.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            const string Path = "api/v1/slurm-clusters";
            if (parse.GetValue(clustersOutput) == "json")
            {
                await env.Out.WriteLineAsync(await api.GetStringAsync(Path, ct));
                return 0;
            }
            var list = await api.GetJsonAsync(Path, CliJsonContext.Default.SlurmClusterListDto, ct);
            await env.Out.WriteLineAsync($"{"NAME",-16} {"SLURM NAME",-16} {"READY",-14} {"VERSION",-10} {"ACCOUNTS",8} {"IN SYNC",8} {"PENDING",8} {"FAILED",8} {"LAST PASS",-20} ERROR");
            foreach (var c in list.Items)
            {
                var s = c.Status;
                var ready = s?.Conditions.FirstOrDefault(x => x.Type == "Ready") is { } r ? $"{r.Status}/{r.Reason}" : "-";
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Name,-16} {c.ClusterName,-16} {ready,-14} {Text(s?.SlurmVersion),-10} {s?.Accounts ?? 0,8} {s?.Associations.InSync ?? 0,8} {s?.Associations.Pending ?? 0,8} {s?.Associations.Failed ?? 0,8} {Time(s?.LastPassAt),-20} {Text(s?.LastError)}"));
            }
            return 0;
        });
        return new Command("slurm", "Slurm clusters and whether namespaces are in sync on them") { status, clusters };
    }

    private static Option<string> Output()
    {
        var output = new Option<string>("--output", "-o") { Description = "table (default) or json (the API's answer)", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        return output;
    }

    private static string Time(DateTime? at) =>
        at is { } t ? (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "never";

    private static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? "-" : value;
}
