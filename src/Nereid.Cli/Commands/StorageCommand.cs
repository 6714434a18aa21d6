using System.CommandLine;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary><c>nereid storage classes</c>: the StorageClass catalogue of every connected cluster.</summary>
internal static class StorageCommand
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var cluster = new Option<string?>("--cluster") { Description = "Only this cluster's classes" };
        var classes = new Command("classes", "List the storage classes volumes can use") { cluster };
        classes.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var path = "api/v1/storage/classes" + (parse.GetValue(cluster) is { } c ? "?cluster=" + ApiClient.Escape(c) : "");
            var catalog = await api.GetJsonAsync(path, CliJsonContext.Default.StorageCatalogDto, ct);
            await env.Out.WriteLineAsync($"{"CLUSTER",-16} {"NAME",-28} {"PROVISIONER",-34} {"RECLAIM",-8} {"BINDING",-21} {"EXPAND",-6} DEFAULT");
            foreach (var s in catalog.Classes)
            {
                await env.Out.WriteLineAsync(
                    $"{s.Cluster,-16} {s.Name,-28} {s.Provisioner,-34} {s.ReclaimPolicy,-8} {s.VolumeBindingMode,-21} {(s.AllowVolumeExpansion ? "yes" : "no"),-6} {(s.IsDefault ? "yes" : "")}");
            }
            foreach (var name in catalog.Unsynced)
            {
                await env.Err.WriteLineAsync($"cluster {name}: storage classes not known yet");
            }
            return 0;
        });
        return new Command("storage", "Storage classes and volumes") { classes };
    }
}
