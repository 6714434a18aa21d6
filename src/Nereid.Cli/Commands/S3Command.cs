using System.CommandLine;
using Nereid.Cli.Api;

namespace Nereid.Cli.Commands;

/// <summary>
/// <c>nereid s3 credentials &lt;namespace&gt;</c>: the caller's own S3 keys for a namespace, as shell variables or an
/// AWS profile. The secret key comes only with the first read (the server shows it once); later reads say so.
/// </summary>
internal static class S3Command
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var ns = new Argument<string>("namespace");
        var cluster = new Option<string?>("--cluster") { Description = "The cluster whose object store to use (when several are connected)" };
        var format = new Option<string>("--format") { Description = "env (shell variables) or aws (an AWS credentials profile)", DefaultValueFactory = _ => "env" };
        format.AcceptOnlyFromAmong("env", "aws");
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
            if (parse.GetValue(format) == "aws")
            {
                await env.Out.WriteLineAsync($"[nereid-{name}]");
                await env.Out.WriteLineAsync($"aws_access_key_id = {creds.AccessKey}");
                if (creds.SecretKey is not null)
                {
                    await env.Out.WriteLineAsync($"aws_secret_access_key = {creds.SecretKey}");
                }
                if (creds.Endpoint is not null)
                {
                    await env.Out.WriteLineAsync($"endpoint_url = {creds.Endpoint}");
                }
            }
            else
            {
                await env.Out.WriteLineAsync($"export AWS_ACCESS_KEY_ID={creds.AccessKey}");
                if (creds.SecretKey is not null)
                {
                    await env.Out.WriteLineAsync($"export AWS_SECRET_ACCESS_KEY={creds.SecretKey}");
                }
                if (creds.Endpoint is not null)
                {
                    await env.Out.WriteLineAsync($"export AWS_ENDPOINT_URL={creds.Endpoint}");
                }
            }
            if (creds.SecretKey is null)
            {
                await env.Err.WriteLineAsync("The secret key was shown once already; rotate the keys on the portal or API to get a new one.");
            }
            return 0;
        });
        return new Command("s3", "Your S3 credentials in a namespace's object store") { credentials };
    }
}
