using System.CommandLine;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary><c>nereid ns list|show|create|status|quota|diff|placement</c>: collaboration namespaces.</summary>
internal static class NamespaceCommand
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var query = new Option<string?>("--query", "-q") { Description = "Filter by text" };
        var list = new Command("list", "List namespaces you can see") { query };
        list.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            await env.Out.WriteLineAsync($"{"NAME",-30} {"INSTITUTION",-30} {"MEMBERS",7} STATE");
            string? next = null;
            do
            {
                var path = "api/v1/namespaces?limit=100" + (next is null ? "" : "&continue=" + ApiClient.Escape(next))
                    + (parse.GetValue(query) is { } q ? "&q=" + ApiClient.Escape(q) : "");
                var page = await api.GetJsonAsync(path, CliJsonContext.Default.NamespaceListDto, ct);
                foreach (var ns in page.Items)
                {
                    await env.Out.WriteLineAsync($"{ns.Name,-30} {ns.Institution,-30} {ns.MemberCount,7} {ns.State}");
                }
                next = page.Continue;
            }
            while (!string.IsNullOrEmpty(next));
            return 0;
        });

        var showName = new Argument<string>("name");
        var show = new Command("show", "Show one namespace") { showName };
        show.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var ns = await api.GetJsonAsync($"api/v1/namespaces/{ApiClient.Escape(parse.GetValue(showName)!)}", CliJsonContext.Default.NamespaceDto, ct);
            await env.Out.WriteLineAsync($"Name:         {ns.Name}");
            await env.Out.WriteLineAsync($"Institution:  {ns.Institution}");
            await env.Out.WriteLineAsync($"PIs:          {string.Join(", ", ns.Pis ?? [])}");
            await env.Out.WriteLineAsync($"Admins:       {string.Join(", ", ns.Admins ?? [])}");
            await env.Out.WriteLineAsync($"Members:      {ns.MemberCount}");
            await env.Out.WriteLineAsync($"State:        {ns.State}");
            await env.Out.WriteLineAsync($"Created:      {ns.CreatedAt:u} by {ns.CreatedBy}");
            await env.Out.WriteLineAsync($"Grants:       {string.Join(", ", ns.Grants ?? [])}");
            await env.Out.WriteLineAsync($"Software:     {string.Join(", ", ns.Software ?? [])}");
            await env.Out.WriteLineAsync($"Publications: {string.Join(", ", ns.Publications ?? [])}");
            await env.Out.WriteLineAsync($"Description:  {ns.Description}");
            return 0;
        });

        var createName = new Argument<string>("name");
        var institution = new Option<string>("--institution") { Required = true, Description = "Institution of the group" };
        var pis = new Option<string[]>("--pi") { Required = true, Description = "Principal investigator (repeatable)" };
        var description = new Option<string>("--description") { Required = true, Description = "What the namespace is for" };
        var grants = new Option<string[]>("--grant") { Description = "Funding grant (repeatable)" };
        var software = new Option<string[]>("--software") { Description = "Software used (repeatable)" };
        var publications = new Option<string[]>("--publication") { Description = "Publication (repeatable)" };
        var create = new Command("create", "Create a namespace (admins only)") { createName, institution, pis, description, grants, software, publications };
        create.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var body = new CreateNamespaceDto(parse.GetValue(createName)!, parse.GetValue(institution)!, [.. parse.GetValue(pis) ?? []],
                [.. parse.GetValue(grants) ?? []], [.. parse.GetValue(software) ?? []], parse.GetValue(description)!, [.. parse.GetValue(publications) ?? []]);
            await api.SendJsonAsync(HttpMethod.Post, "api/v1/namespaces", body, CliJsonContext.Default.CreateNamespaceDto, ct);
            await env.Out.WriteLineAsync($"namespace/{body.Name} created");
            return 0;
        });
        var statusName = new Argument<string>("name");
        var status = new Command("status", "Show whether the namespace is in place on each cluster") { statusName };
        status.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var name = parse.GetValue(statusName)!;
            var rows = await api.GetJsonAsync($"api/v1/namespaces/{ApiClient.Escape(name)}/status", CliJsonContext.Default.ClusterStatusListDto, ct);
            if (rows.Items.Count == 0)
            {
                await env.Out.WriteLineAsync($"namespace/{name} has no status yet: no cluster is connected, or it was not reconciled yet");
                return 0;
            }
            await env.Out.WriteLineAsync($"{"CLUSTER",-20} {"CONDITION",-12} {"REASON",-16} {"LAST SYNCED",-20} MESSAGE");
            foreach (var row in rows.Items)
            {
                await env.Out.WriteLineAsync($"{row.Cluster,-20} {row.Condition,-12} {row.Reason,-16} {row.LastSyncedAt?.ToString("u") ?? "never",-20} {row.Message}");
            }
            // Scripts can wait on this: non-zero until every cluster reports Ready.
            return rows.Items.All(r => string.Equals(r.Condition, "Ready", StringComparison.OrdinalIgnoreCase)) ? 0 : 3;
        });

        var quotaName = new Argument<string>("name");
        var quota = new Command("quota", "Show the namespace's resource quota and where each value comes from") { quotaName };
        quota.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var q = await api.GetJsonAsync($"api/v1/namespaces/{ApiClient.Escape(parse.GetValue(quotaName)!)}/quota", CliJsonContext.Default.QuotaDto, ct);
            await env.Out.WriteLineAsync($"{"RESOURCE",-36} {"LIMIT",-12} SOURCE");
            foreach (var (resource, value) in q.Effective.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var source = q.Overrides.ContainsKey(resource) ? "set for this namespace" : "default";
                await env.Out.WriteLineAsync($"{resource,-36} {value,-12} {source}");
            }
            return 0;
        });
        return new Command("ns", "Collaboration namespaces") { list, show, create, status, quota, NamespaceDiffCommand.Create(env, server),
            NamespacePlacementCommand.Create(env, server), NamespaceFederateCommand.Create(env, server) };
    }
}
