using System.CommandLine;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary>
/// <c>nereid storage classes</c>: the StorageClass catalogue of every connected cluster with what platform admins wrote
/// about each class, as a table or the API's own JSON with <c>-o json</c>; <c>nereid storage buckets</c> is in
/// <see cref="StorageBucketCommands"/>.
/// </summary>
internal static class StorageCommand
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var cluster = new Option<string?>("--cluster") { Description = "Only this cluster's classes" };
        var output = Output();
        var classes = new Command("classes", "List the storage classes volumes and buckets can use, with their descriptions") { cluster, output };
        classes.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var path = "api/v1/storage/classes" + (parse.GetValue(cluster) is { } c ? "?cluster=" + ApiClient.Escape(c) : "");
            if (parse.GetValue(output) == "json")
            {
                await env.Out.WriteLineAsync(await api.GetStringAsync(path, ct));
                return 0;
            }
            var catalog = await api.GetJsonAsync(path, CliJsonContext.Default.StorageCatalogDto, ct);
            await env.Out.WriteLineAsync(
                $"{"CLUSTER",-16} {"NAME",-28} {"PROVISIONER",-34} {"RECLAIM",-8} {"BINDING",-21} {"EXPAND",-6} {"DEFAULT",-7} {"REGION",-12} {"FILESYSTEM",-12} {"ACCESS MODES",-28} MEDIA");
            foreach (var s in catalog.Classes)
            {
                var d = s.Description;
                await env.Out.WriteLineAsync(
                    $"{s.Cluster,-16} {s.Name,-28} {s.Provisioner,-34} {s.ReclaimPolicy,-8} {s.VolumeBindingMode,-21} {YesNo(s.AllowVolumeExpansion),-6} {YesNo(s.IsDefault),-7} "
                    + $"{Text(d?.Region),-12} {Text(d?.FilesystemType),-12} {(d?.AccessModes is { Count: > 0 } m ? string.Join(",", m) : "-"),-28} {Text(d?.Media)}");
            }
            foreach (var name in catalog.Unsynced)
            {
                await env.Err.WriteLineAsync($"cluster {name}: storage classes not known yet");
            }
            return 0;
        });

        return new Command("storage", "Storage classes, volumes and buckets") { classes, StorageBucketCommands.Create(env, server) };
    }

    internal static Option<string> Output()
    {
        var output = new Option<string>("--output", "-o") { Description = "table (default) or json (the API's answer)", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        return output;
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    internal static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? "-" : value;
}
