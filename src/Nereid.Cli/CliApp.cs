using System.CommandLine;
using Nereid.Cli.Auth;
using Nereid.Cli.Commands;

namespace Nereid.Cli;

/// <summary>Entry point shared by <c>Program</c> and in-process tests.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken)
    {
        // kubectl runs `nereid auth token` before every request: skip building the command tree for it.
        if (args.Length >= 2 && args[0] == "auth" && args[1] == "token")
        {
            return await AuthTokenCommand.RunAsync(args.AsMemory(2), env, cancellationToken);
        }
        try
        {
            var root = BuildRoot(env);
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Err, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CliException ex)
        {
            await env.Err.WriteLineAsync(ex.Message);
            return 1;
        }
        catch (HttpRequestException ex)
        {
            await env.Err.WriteLineAsync($"could not reach the server: {ex.Message}");
            return 1;
        }
    }

    private static RootCommand BuildRoot(CliEnvironment env)
    {
        var server = new Option<string?>("--server") { Description = "Nereid server URL (default: NEREID_SERVER, then ~/.config/nereid/config.json)", Recursive = true };
        var issuer = new Option<string>("--issuer") { Required = true };
        var clientId = new Option<string>("--client-id") { Required = true };
        var token = new Command("token", "Print an ExecCredential for kubectl") { issuer, clientId };
        var root = new RootCommand("nereid: log in to the research platform, get kubeconfigs, manage namespaces")
        {
            server,
            LoginCommand.Create(env),
            new Command("auth", "Credentials for kubectl") { token },
            ConfigCommand.Create(env, server),
            NamespaceCommand.Create(env, server),
            MembersCommand.Create(env, server),
            WhoamiCommand.Create(env, server),
            StorageCommand.Create(env, server),
            S3Command.Create(env, server),
            UsageCommand.Create(env, server),
            SlurmCommand.Create(env, server),
        };
        return root;
    }
}
