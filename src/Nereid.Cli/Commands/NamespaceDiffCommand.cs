using System.CommandLine;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary>
/// <c>nereid ns diff &lt;name&gt;</c>: what the next reconcile pass would change on each cluster, computed by the server
/// with dry-run applies (nothing is written). Exits 0 when nothing would change, 3 when something would (or a cluster
/// could not be compared), so scripts can use it as a drift check.
/// </summary>
internal static class NamespaceDiffCommand
{
    private static readonly Dictionary<string, string> Marks = new(StringComparer.Ordinal)
    {
        ["create"] = "+", ["update"] = "~", ["delete"] = "-", ["unchanged"] = "=",
    };

    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var name = new Argument<string>("name");
        var diff = new Command("diff", "Show what a reconcile pass would change on each cluster, without changing anything") { name };
        diff.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var ns = parse.GetValue(name)!;
            var result = await api.GetJsonAsync($"api/v1/namespaces/{ApiClient.Escape(ns)}/diff", CliJsonContext.Default.NamespaceDiffDto, ct);
            var pending = false;
            foreach (var cluster in result.Clusters)
            {
                if (cluster.Error is not null)
                {
                    await env.Out.WriteLineAsync($"cluster/{cluster.Cluster}: {cluster.Error}");
                    pending = true;
                    continue;
                }
                await env.Out.WriteLineAsync($"cluster/{cluster.Cluster}:");
                foreach (var o in cluster.Objects)
                {
                    pending |= o.Action != "unchanged";
                    await env.Out.WriteLineAsync(Line(o));
                }
            }
            if (!pending)
            {
                await env.Out.WriteLineAsync($"namespace/{ns} is in place on every cluster: a pass would change nothing");
            }
            return pending ? 3 : 0;
        });
        return diff;
    }

    private static string Line(ObjectDiffDto o)
    {
        var mark = Marks.GetValueOrDefault(o.Action, "?");
        var id = o.Namespace is null ? o.Name : $"{o.Namespace}/{o.Name}";
        var fields = o.Fields is { Count: > 0 } f ? ": " + string.Join(", ", f) : "";
        var note = o.Note is null ? "" : $" ({o.Note})";
        return $"  {mark} {o.Action,-9} {o.Kind}/{id}{fields}{note}";
    }
}
