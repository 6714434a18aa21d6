using Nereid.Cli;
using Nereid.Cli.Auth;

var env = CliEnvironment.FromProcess();
// kubectl runs `nereid auth token` before every request: serve a cached token without building anything else.
if (args.Length >= 2 && args[0] == "auth" && args[1] == "token" && AuthTokenFastPath.TryServe(args, env))
{
    return 0;
}
return await CliApp.RunAsync(args, env, CancellationToken.None);
