using Nereid.Cli;

return await CliApp.RunAsync(args, CliEnvironment.FromProcess(), CancellationToken.None);
