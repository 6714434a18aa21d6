using System.CommandLine;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary><c>nereid members list|add|remove &lt;namespace&gt; [&lt;email&gt;] [--role member|admin]</c>.</summary>
internal static class MembersCommand
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var listNs = new Argument<string>("namespace");
        var list = new Command("list", "List the members of a namespace") { listNs };
        list.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var members = await api.GetJsonAsync($"api/v1/namespaces/{ApiClient.Escape(parse.GetValue(listNs)!)}/members", CliJsonContext.Default.MemberListDto, ct);
            await env.Out.WriteLineAsync($"{"EMAIL",-35} {"NAME",-25} ROLE");
            foreach (var m in members.Items)
            {
                await env.Out.WriteLineAsync($"{m.Email,-35} {m.DisplayName,-25} {m.Role}");
            }
            return 0;
        });

        var addNs = new Argument<string>("namespace");
        var addWho = new Argument<string>("email") { Description = "Email or person id" };
        var role = new Option<string>("--role") { DefaultValueFactory = _ => "member", Description = "member or admin" };
        role.AcceptOnlyFromAmong("member", "admin");
        var add = new Command("add", "Add a person to a namespace (or change their role)") { addNs, addWho, role };
        add.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var ns = parse.GetValue(addNs)!;
            var who = parse.GetValue(addWho)!;
            await api.SendJsonAsync(HttpMethod.Put, $"api/v1/namespaces/{ApiClient.Escape(ns)}/members/{ApiClient.Escape(who)}",
                new MemberRoleDto(parse.GetValue(role)!), CliJsonContext.Default.MemberRoleDto, ct);
            await env.Out.WriteLineAsync($"{who} is now {parse.GetValue(role)} of {ns}");
            return 0;
        });

        var removeNs = new Argument<string>("namespace");
        var removeWho = new Argument<string>("email") { Description = "Email or person id" };
        var remove = new Command("remove", "Remove a person from a namespace") { removeNs, removeWho };
        remove.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var ns = parse.GetValue(removeNs)!;
            var who = parse.GetValue(removeWho)!;
            await api.DeleteAsync($"api/v1/namespaces/{ApiClient.Escape(ns)}/members/{ApiClient.Escape(who)}", ct);
            await env.Out.WriteLineAsync($"{who} removed from {ns}");
            return 0;
        });
        return new Command("members", "Namespace members") { list, add, remove };
    }
}
