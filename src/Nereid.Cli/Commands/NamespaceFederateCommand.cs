using System.CommandLine;
using System.Text.Json;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary>
/// <c>nereid ns federate &lt;name&gt; [on|off]</c>: shows whether the namespace is federated through Admiralty and how
/// each placed cluster stands; with on or off, switches it. Exits 3 while federated and a placed cluster is not Ready.
/// </summary>
internal static class NamespaceFederateCommand
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var name = new Argument<string>("name");
        var state = new Argument<string?>("state") { Description = "on or off (omit to show)", Arity = ArgumentArity.ZeroOrOne };
        state.AcceptOnlyFromAmong("on", "off");
        var command = new Command("federate", "Show or switch federated scheduling of a namespace across its clusters") { name, state };
        command.SetAction(async (parse, ct) =>
        {
            var ns = parse.GetValue(name)!;
            bool? wanted = parse.GetValue(state) is { } s ? s == "on" : null;
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var path = $"api/v1/namespaces/{ApiClient.Escape(ns)}/federation";
            FederationDto view;
            if (wanted is null)
            {
                view = await api.GetJsonAsync(path, CliJsonContext.Default.FederationDto, ct);
            }
            else
            {
                var json = await api.SendJsonAsync(HttpMethod.Put, path, new FederationInputDto(wanted), CliJsonContext.Default.FederationInputDto, ct);
                view = JsonSerializer.Deserialize(json, CliJsonContext.Default.FederationDto)!;
            }
            return await PrintAsync(env, view);
        });
        return command;
    }

    private static async Task<int> PrintAsync(CliEnvironment env, FederationDto view)
    {
        await env.Out.WriteLineAsync($"namespace/{view.Namespace} is {(view.Federated ? "federated" : "not federated")}");
        var placed = view.Clusters.Where(c => c.Placed).ToList();
        if (placed.Count == 0)
        {
            return 0;
        }
        await env.Out.WriteLineAsync($"{"CLUSTER",-20} {"CONDITION",-14} {"REASON",-20} MESSAGE");
        foreach (var c in placed)
        {
            await env.Out.WriteLineAsync($"{c.Cluster,-20} {c.Condition,-14} {c.Reason,-20} {c.Message}");
        }
        return view.Federated && placed.Any(c => c.Condition != "Ready") ? 3 : 0;
    }
}
