using System.CommandLine;
using Nereid.Cli.Api;
using Nereid.Cli.Auth;

namespace Nereid.Cli.Commands;

/// <summary><c>nereid config get --cluster &lt;name&gt; [--variant exec|kubelogin] [-o file]</c>: download a kubeconfig.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var cluster = new Option<string>("--cluster") { Description = "Cluster name", Required = true };
        var variant = new Option<string>("--variant") { Description = "exec (nereid auth token) or kubelogin", DefaultValueFactory = _ => "exec" };
        variant.AcceptOnlyFromAmong("exec", "kubelogin");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (mode 0600) instead of stdout" };
        var get = new Command("get", "Download the kubeconfig of a cluster") { cluster, variant, output };
        get.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var yaml = await api.GetStringAsync(
                $"api/v1/clusters/{ApiClient.Escape(parse.GetValue(cluster)!)}/kubeconfig?variant={parse.GetValue(variant)}", ct);
            if (parse.GetValue(output) is { } file)
            {
                await using (var stream = new FileStream(file, PrivateFiles.Options(FileMode.Create, FileAccess.Write, FileShare.None)))
                await using (var writer = new StreamWriter(stream))
                {
                    await writer.WriteAsync(yaml);
                }
                await env.Err.WriteLineAsync($"Wrote {file}. Use it with: export KUBECONFIG={file}");
            }
            else
            {
                await env.Out.WriteAsync(yaml);
            }
            return 0;
        });
        return new Command("config", "kubeconfig files") { get };
    }
}
