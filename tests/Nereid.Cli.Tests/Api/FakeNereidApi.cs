using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nereid.TestSupport.Loopback;

namespace Nereid.Cli.Tests.Api;

/// <summary>
/// An in-memory stand-in for the Nereid REST API (exactly the routes the CLI is coded against), on loopback.
/// Accepts only <c>Authorization: Bearer &lt;ExpectedToken&gt;</c>; records request bodies for assertions.
/// </summary>
public sealed class FakeNereidApi : IAsyncDisposable
{
    public const string ExpectedToken = "nrd_pat_test";
    private LoopbackServer _server = null!;

    private FakeNereidApi()
    {
    }

    public string BaseUrl => _server.Url;

    /// <summary>The bearer token the API accepts. Default <see cref="ExpectedToken"/>.</summary>
    public string AcceptedToken { get; set; } = ExpectedToken;
    public ConcurrentDictionary<string, Dictionary<string, object?>> Namespaces { get; } = new();
    public ConcurrentDictionary<(string Ns, string Who), string> Members { get; } = new();
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Per-namespace cluster status rows, shaped like <c>GET /api/v1/namespaces/{name}/status</c> items.</summary>
    public ConcurrentDictionary<string, List<object>> Status { get; } = new();

    /// <summary>Per-namespace quota documents, shaped like <c>GET /api/v1/namespaces/{name}/quota</c>.</summary>
    public ConcurrentDictionary<string, object> Quotas { get; } = new();

    /// <summary>Per-namespace placement documents, shaped like <c>GET /api/v1/namespaces/{name}/placement</c>.</summary>
    public ConcurrentDictionary<string, object> Placements { get; } = new();

    /// <summary>The bodies of placement PUTs, by namespace, as JSON text.</summary>
    public ConcurrentDictionary<string, string> PlacementPuts { get; } = new();

    /// <summary>Per-namespace federation documents, shaped like <c>GET /api/v1/namespaces/{name}/federation</c>.</summary>
    public ConcurrentDictionary<string, object> Federations { get; } = new();

    /// <summary>The bodies of federation PUTs, by namespace, as JSON text.</summary>
    public ConcurrentDictionary<string, string> FederationPuts { get; } = new();

    /// <summary>Per-namespace diff documents, shaped like <c>GET /api/v1/namespaces/{name}/diff</c>.</summary>
    public ConcurrentDictionary<string, object> Diffs { get; } = new();

    /// <summary>The body GET /api/v1/storage/classes answers (the server's StorageCatalogView shape).</summary>
    public object StorageCatalog { get; set; } = new { classes = Array.Empty<object>(), unsynced = Array.Empty<string>() };

    /// <summary>What GET /api/v1/namespaces/{ns}/buckets answers, by namespace (the server's BucketView list shape).</summary>
    public ConcurrentDictionary<string, object[]> Buckets { get; } = new();

    /// <summary>The bodies of bucket POSTs, by namespace, as JSON text.</summary>
    public ConcurrentDictionary<string, string> BucketPosts { get; } = new();

    /// <summary>The body GET /api/v1/namespaces/{ns}/s3/credentials answers (the server's S3CredentialsView shape).</summary>
    public object S3Credentials { get; set; } = new { };

    /// <summary>What GET /api/v1/usage/ledger answers with format=csv, and otherwise (grouped JSON).</summary>
    public string LedgerCsv { get; set; } = "";

    public object LedgerGroups { get; set; } = new { groupBy = Array.Empty<string>(), items = Array.Empty<object>() };

    /// <summary>GET /api/v1/namespaces/{name}/slurm answers for these namespaces (others 404).</summary>
    public ConcurrentDictionary<string, object> SlurmStatus { get; } = new(StringComparer.Ordinal);

    /// <summary>GET /api/v1/slurm-clusters answers this.</summary>
    public object SlurmClusters { get; set; } = new { items = Array.Empty<object>() };

    public static async Task<FakeNereidApi> StartAsync()
    {
        var api = new FakeNereidApi();
        api._server = await LoopbackServer.StartAsync(app => Map(app, api));
        return api;
    }

    private static void Map(WebApplication app, FakeNereidApi api)
    {
        app.Use(async (ctx, next) =>
        {
            api.Requests.Enqueue($"{ctx.Request.Method} {ctx.Request.Path}{ctx.Request.QueryString}");
            if (ctx.Request.Headers.Authorization != "Bearer " + api.AcceptedToken)
            {
                await Problem(ctx, 401, "Unauthorized", "a valid bearer token is required");
                return;
            }
            await next();
        });
        app.MapGet("/api/v1/namespaces", (string? @continue, int? limit) =>
        {
            var all = api.Namespaces.Keys.Order(StringComparer.Ordinal).ToList();
            var start = @continue is null ? 0 : all.IndexOf(@continue);
            var size = Math.Min(limit ?? 100, 2); // small pages so the CLI must follow "continue"
            var items = all.Skip(start).Take(size).Select(n => api.Namespaces[n]).ToList();
            var next = start + size < all.Count ? all[start + size] : null;
            return Results.Json(new { items, @continue = next });
        });
        app.MapGet("/api/v1/namespaces/{name}", (string name, HttpContext ctx) =>
            api.Namespaces.TryGetValue(name, out var ns) ? Results.Json(ns) : ProblemResult(404, "Not Found", $"namespace {name} does not exist"));
        app.MapPost("/api/v1/namespaces", async (HttpContext ctx) =>
        {
            var body = await JsonSerializer.DeserializeAsync<Dictionary<string, JsonElement>>(ctx.Request.Body);
            var name = body!["name"].GetString()!;
            if (api.Namespaces.ContainsKey(name))
            {
                return ProblemResult(409, "Conflict", $"namespace {name} already exists");
            }
            var ns = new Dictionary<string, object?>
            {
                ["name"] = name, ["institution"] = body["institution"].GetString(), ["description"] = body["description"].GetString(),
                ["pis"] = body["pis"].EnumerateArray().Select(e => e.GetString()).ToList(),
                ["grants"] = body["grants"].EnumerateArray().Select(e => e.GetString()).ToList(),
                ["state"] = "active", ["memberCount"] = 0, ["createdBy"] = "tester",
            };
            api.Namespaces[name] = ns;
            return Results.Json(ns, statusCode: 201);
        });
        app.MapGet("/api/v1/namespaces/{name}/status", (string name) => Results.Json(new { items = api.Status.GetValueOrDefault(name, []) }));
        app.MapGet("/api/v1/namespaces/{name}/diff", (string name) =>
            api.Diffs.TryGetValue(name, out var diff) ? Results.Json(diff) : ProblemResult(404, "Not Found", $"No namespace is named '{name}'."));
        app.MapGet("/api/v1/namespaces/{name}/quota", (string name) =>
            api.Quotas.TryGetValue(name, out var quota) ? Results.Json(quota) : ProblemResult(404, "Not Found", $"namespace {name} does not exist"));
        app.MapGet("/api/v1/namespaces/{name}/placement", (string name) =>
            api.Placements.TryGetValue(name, out var placement) ? Results.Json(placement) : ProblemResult(404, "Not Found", $"Namespace '{name}' does not exist."));
        app.MapPut("/api/v1/namespaces/{name}/placement", async (string name, HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            api.PlacementPuts[name] = await reader.ReadToEndAsync();
            return api.Placements.TryGetValue(name, out var placement) ? Results.Json(placement) : ProblemResult(404, "Not Found", $"Namespace '{name}' does not exist.");
        });
        app.MapGet("/api/v1/namespaces/{name}/federation", (string name) =>
            api.Federations.TryGetValue(name, out var federation) ? Results.Json(federation) : ProblemResult(404, "Not Found", $"Namespace '{name}' does not exist."));
        app.MapPut("/api/v1/namespaces/{name}/federation", async (string name, HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            api.FederationPuts[name] = await reader.ReadToEndAsync();
            return api.Federations.TryGetValue(name, out var federation) ? Results.Json(federation) : ProblemResult(404, "Not Found", $"Namespace '{name}' does not exist.");
        });
        app.MapGet("/api/v1/namespaces/{name}/members", (string name) => Results.Json(new
        {
            items = api.Members.Where(m => m.Key.Ns == name).Select(m => new { personId = "p-" + m.Key.Who, displayName = m.Key.Who, email = m.Key.Who, role = m.Value }),
        }));
        app.MapPut("/api/v1/namespaces/{name}/members/{who}", async (string name, string who, HttpContext ctx) =>
        {
            var body = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(ctx.Request.Body);
            api.Members[(name, who)] = body!["role"];
            return Results.Ok();
        });
        app.MapDelete("/api/v1/namespaces/{name}/members/{who}", (string name, string who) =>
            api.Members.TryRemove((name, who), out _) ? Results.NoContent() : ProblemResult(404, "Not Found", $"{who} is not a member of {name}"));
        app.MapGet("/api/v1/clusters/{name}/kubeconfig", (string name, string? variant) =>
            Results.Text($"apiVersion: v1\nkind: Config\n# cluster {name} variant {variant}\n", "application/yaml"));
        app.MapGet("/api/v1/storage/classes", () => Results.Json(api.StorageCatalog));
        app.MapGet("/api/v1/namespaces/{ns}/buckets", (string ns) =>
            api.Buckets.TryGetValue(ns, out var list) ? Results.Json(list) : ProblemResult(404, "Not Found", $"Namespace '{ns}' does not exist."));
        app.MapPost("/api/v1/namespaces/{ns}/buckets", async (string ns, HttpContext ctx) => await AddBucketAsync(api, ns, ctx));
        app.MapDelete("/api/v1/namespaces/{ns}/buckets/{bucket}", (string ns, string bucket, string? confirm) => RemoveBucket(api, ns, bucket, confirm));
        app.MapGet("/api/v1/namespaces/{ns}/s3/credentials", () => Results.Json(api.S3Credentials));
        // The server's S3RotationView shape; 202 as the server answers rotation and revocation.
        app.MapPost("/api/v1/namespaces/{ns}/s3/credentials/{verb}", (string ns, string verb) =>
            Results.Json(new { user = $"{ns}-0a1b2c", message = $"{verb} accepted for {ns}" }, statusCode: 202));
        app.MapGet("/api/v1/usage/ledger", (HttpContext ctx) =>
            ctx.Request.Query["format"] == "csv" ? Results.Text(api.LedgerCsv, "text/csv") : Results.Json(api.LedgerGroups));
        app.MapGet("/api/v1/namespaces/{name}/slurm", (string name) => api.SlurmStatus.TryGetValue(name, out var s)
            ? Results.Json(s)
            : Results.Problem(statusCode: 404, title: "Not found", detail: $"No namespace is called '{name}'."));
        app.MapGet("/api/v1/slurm-clusters", () => Results.Json(api.SlurmClusters));
        app.MapGet("/api/v1/me", () => Results.Json(new { email = "alice@ucsd.edu", tier = "admin" }));
    }

    // As the server's BucketService answers: 409 for a name in use, 201 with the new bucket Pending.
    private static async Task<IResult> AddBucketAsync(FakeNereidApi api, string ns, HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var text = await reader.ReadToEndAsync();
        api.BucketPosts[ns] = text;
        using var body = JsonDocument.Parse(text);
        var name = body.RootElement.GetProperty("name").GetString()!;
        var existing = api.Buckets.GetValueOrDefault(ns, []);
        if (existing.Any(b => JsonSerializer.SerializeToElement(b).GetProperty("name").GetString() == name))
        {
            return ProblemResult(409, "Conflict", $"Namespace '{ns}' already has a bucket '{name}' on cluster 'west'.");
        }
        var view = new
        {
            cluster = "west", @namespace = ns, name, bucketClass = body.RootElement.GetProperty("bucketClass").GetString(), phase = "Pending",
            secretKeyShown = false, conditions = Array.Empty<object>(), createdAt = DateTime.UnixEpoch,
        };
        api.Buckets[ns] = [.. existing, view];
        return Results.Json(view, statusCode: 201);
    }

    // As the server's BucketService answers: 404 for an unknown bucket, 400 on confirm unless it is the bucket's name.
    private static IResult RemoveBucket(FakeNereidApi api, string ns, string bucket, string? confirm)
    {
        var existing = api.Buckets.GetValueOrDefault(ns, []);
        if (!existing.Any(b => JsonSerializer.SerializeToElement(b).GetProperty("name").GetString() == bucket))
        {
            return ProblemResult(404, "Not found", $"Namespace '{ns}' has no bucket '{bucket}' on cluster 'west'.");
        }
        if (confirm?.Trim() != bucket)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["confirm"] = [$"Type the bucket's name ({bucket}) to delete it and every object in it."] },
                detail: $"One or more fields are invalid: Type the bucket's name ({bucket}) to delete it and every object in it.", title: "Invalid input");
        }
        api.Buckets[ns] = [.. existing.Where(b => JsonSerializer.SerializeToElement(b).GetProperty("name").GetString() != bucket)];
        return Results.NoContent();
    }

    private static IResult ProblemResult(int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status);

    private static Task Problem(HttpContext ctx, int status, string title, string detail) =>
        ProblemResult(status, title, detail).ExecuteAsync(ctx);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
