using System.CommandLine;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary>
/// <c>nereid s3 credentials &lt;namespace&gt;</c>: the caller's own S3 keys for a namespace, as shell variables, an
/// AWS profile, an rclone remote or an s3cmd configuration. The secret key comes only with the first read (the server shows it once); later reads say so.
/// <c>nereid s3 rotate &lt;namespace&gt;</c> gives new keys (the next read shows the new secret key once);
/// <c>nereid s3 revoke &lt;namespace&gt;</c> revokes them and removes the S3 user until the next <c>credentials</c>.
/// </summary>
internal static class S3Command
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var ns = new Argument<string>("namespace");
        var cluster = new Option<string?>("--cluster") { Description = "The cluster whose object store to use (when several are connected)" };
        var format = new Option<string>("--format")
        {
            Description = "env (shell variables), aws (an AWS credentials profile), rclone (a remote) or s3cmd (an .s3cfg)", DefaultValueFactory = _ => "env",
        };
        format.AcceptOnlyFromAmong(S3Profiles.Formats);
        var credentials = new Command("credentials", "Print your S3 access key, endpoint and (first time only) secret key") { ns, cluster, format };
        credentials.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var name = parse.GetValue(ns)!;
            var path = $"api/v1/namespaces/{ApiClient.Escape(name)}/s3/credentials" + (parse.GetValue(cluster) is { } c ? "?cluster=" + ApiClient.Escape(c) : "");
            var creds = await api.GetJsonAsync(path, CliJsonContext.Default.S3CredentialsDto, ct);
            if (creds.AccessKey is null)
            {
                await env.Err.WriteLineAsync($"Your S3 user {creds.User} is not ready yet ({creds.Phase}); try again in a moment.");
                return 1;
            }
            foreach (var line in S3Profiles.Render(parse.GetValue(format)!, name, creds))
            {
                await env.Out.WriteLineAsync(line);
            }
            if (creds.SecretKey is null)
            {
                await env.Err.WriteLineAsync("The secret key was shown once already; rotate the keys on the portal or API to get a new one.");
            }
            return 0;
        });
        var rotate = Action(env, server, "rotate", "Give your S3 user new keys (the old ones stop working); read them once with `credentials`");
        var revoke = Action(env, server, "revoke", "Revoke your S3 keys and remove your S3 user; `credentials` grants a new one");
        return new Command("s3", "Your S3 credentials in a namespace's object store") { credentials, rotate, revoke };
    }

    /// <summary>A command that POSTs to <c>…/s3/credentials/&lt;verb&gt;</c> and prints what the server says happens next.</summary>
    private static Command Action(CliEnvironment env, Option<string?> server, string verb, string description)
    {
        var ns = new Argument<string>("namespace");
        var cluster = new Option<string?>("--cluster") { Description = "The cluster whose object store holds your user (when several are connected)" };
        var command = new Command(verb, description) { ns, cluster };
        command.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var path = $"api/v1/namespaces/{ApiClient.Escape(parse.GetValue(ns)!)}/s3/credentials/{verb}"
                + (parse.GetValue(cluster) is { } c ? "?cluster=" + ApiClient.Escape(c) : "");
            var answer = await api.PostJsonAsync(path, CliJsonContext.Default.S3RotationDto, ct);
            await env.Out.WriteLineAsync(answer.Message);
            return 0;
        });
        return command;
    }
}
