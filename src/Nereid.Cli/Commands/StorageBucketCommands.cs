using System.CommandLine;
using System.Text.Json;
using Nereid.Cli.Api;
using Nereid.Cli.Auth;

namespace Nereid.Cli.Commands;

/// <summary>
/// <c>nereid storage buckets</c>: a namespace's S3 buckets (ObjectBucketClaims). <c>buckets &lt;namespace&gt;</c> (or
/// <c>buckets list &lt;namespace&gt;</c>, for a namespace named like a subcommand) lists them; <c>create</c> asks for one
/// in a bucket class; <c>delete</c> needs <c>--confirm</c> with the bucket's name, as the API and the page do, and
/// sends nothing without it.
/// </summary>
internal static class StorageBucketCommands
{
    public static Command Create(CliEnvironment env, Option<string?> server)
    {
        var ns = new Argument<string>("namespace") { Arity = ArgumentArity.ZeroOrOne };
        var cluster = ClusterOption();
        var output = StorageCommand.Output();
        var buckets = new Command("buckets", "List a namespace's S3 buckets, or create or delete one") { ns, cluster, output };
        buckets.SetAction(async (parse, ct) => parse.GetValue(ns) is { } name
            ? await ListAsync(env, parse.GetValue(server), name, parse.GetValue(cluster), parse.GetValue(output)!, ct)
            : throw new CliException("Name the namespace: nereid storage buckets <namespace>, or buckets list|create|delete <namespace> …"));
        buckets.Subcommands.Add(List(env, server));
        buckets.Subcommands.Add(CreateBucket(env, server));
        buckets.Subcommands.Add(Delete(env, server));
        return buckets;
    }

    private static Command List(CliEnvironment env, Option<string?> server)
    {
        var ns = new Argument<string>("namespace");
        var cluster = ClusterOption();
        var output = StorageCommand.Output();
        var list = new Command("list", "List a namespace's S3 buckets with their bucket names and endpoints") { ns, cluster, output };
        list.SetAction(async (parse, ct) => await ListAsync(env, parse.GetValue(server), parse.GetValue(ns)!, parse.GetValue(cluster), parse.GetValue(output)!, ct));
        return list;
    }

    private static Command CreateBucket(CliEnvironment env, Option<string?> server)
    {
        var ns = new Argument<string>("namespace");
        var name = new Argument<string>("name") { Description = "The bucket's name: 3-63 lower-case letters, digits and '-'" };
        var bucketClass = new Option<string>("--class") { Description = "The bucket class (see `nereid storage classes`)", Required = true };
        var cluster = ClusterOption();
        var output = StorageCommand.Output();
        var create = new Command("create", "Ask for an S3 bucket in a namespace") { ns, name, bucketClass, cluster, output };
        create.SetAction(async (parse, ct) =>
        {
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var body = new BucketInputDto(parse.GetValue(cluster), parse.GetValue(name)!, parse.GetValue(bucketClass)!);
            var json = await api.SendJsonAsync(HttpMethod.Post, $"api/v1/namespaces/{ApiClient.Escape(parse.GetValue(ns)!)}/buckets", body,
                CliJsonContext.Default.BucketInputDto, ct);
            if (parse.GetValue(output) == "json")
            {
                await env.Out.WriteLineAsync(json);
                return 0;
            }
            var b = JsonSerializer.Deserialize(json, CliJsonContext.Default.BucketDto)!;
            await env.Out.WriteLineAsync($"bucket/{b.Name} requested in {b.Namespace} on {b.Cluster} (class {b.BucketClass}): {b.Phase}");
            await env.Out.WriteLineAsync($"`nereid storage buckets {b.Namespace}` shows its bucket name and endpoint once the object store has made it.");
            return 0;
        });
        return create;
    }

    private static Command Delete(CliEnvironment env, Option<string?> server)
    {
        var ns = new Argument<string>("namespace");
        var name = new Argument<string>("name");
        var confirm = new Option<string?>("--confirm") { Description = "The bucket's name again: the bucket and every object in it are deleted" };
        var cluster = ClusterOption();
        var delete = new Command("delete", "Delete an S3 bucket and every object in it") { ns, name, confirm, cluster };
        delete.SetAction(async (parse, ct) =>
        {
            var bucket = parse.GetValue(name)!;
            // The same word the API asks for; without it nothing is sent, so a slip of the keyboard deletes nothing.
            var typed = parse.GetValue(confirm) is { Length: > 0 } t ? t
                : throw new CliException($"Deleting removes the bucket and every object in it: add --confirm {bucket} to go ahead.");
            using var api = await ApiClient.CreateAsync(env, parse.GetValue(server), ct);
            var path = $"api/v1/namespaces/{ApiClient.Escape(parse.GetValue(ns)!)}/buckets/{ApiClient.Escape(bucket)}?confirm={ApiClient.Escape(typed)}"
                + (parse.GetValue(cluster) is { } c ? "&cluster=" + ApiClient.Escape(c) : "");
            await api.DeleteAsync(path, ct);
            await env.Out.WriteLineAsync($"bucket/{bucket} deleted from {parse.GetValue(ns)}");
            return 0;
        });
        return delete;
    }

    private static async Task<int> ListAsync(CliEnvironment env, string? server, string ns, string? cluster, string output, CancellationToken ct)
    {
        using var api = await ApiClient.CreateAsync(env, server, ct);
        var path = $"api/v1/namespaces/{ApiClient.Escape(ns)}/buckets" + (cluster is { } c ? "?cluster=" + ApiClient.Escape(c) : "");
        if (output == "json")
        {
            await env.Out.WriteLineAsync(await api.GetStringAsync(path, ct));
            return 0;
        }
        var list = await api.GetJsonAsync(path, CliJsonContext.Default.ListBucketDto, ct);
        await env.Out.WriteLineAsync($"{"NAME",-24} {"PHASE",-8} {"CLASS",-20} {"BUCKET",-64} {"ENDPOINT",-48} ACCESS KEY");
        foreach (var b in list)
        {
            await env.Out.WriteLineAsync($"{b.Name,-24} {b.Phase,-8} {b.BucketClass,-20} {StorageCommand.Text(b.BucketName),-64} {StorageCommand.Text(b.Endpoint),-48} {StorageCommand.Text(b.AccessKeyId)}");
        }
        return 0;
    }

    private static Option<string?> ClusterOption() => new("--cluster") { Description = "The cluster (when several are connected)" };
}
