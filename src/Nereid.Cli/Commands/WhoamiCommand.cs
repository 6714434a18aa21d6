using System.CommandLine;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary><c>nereid whoami</c>: prints what the server knows about the caller (<c>GET /api/v1/me</c>, as JSON).</summary>
internal static class WhoamiCommand
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var command = new Command("whoami", "Show who the server thinks you are");
        command.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            await env.Out.WriteLineAsync(await api.GetStringAsync("api/v1/me", ct));
            return 0;
        });
        return command;
    }
}
