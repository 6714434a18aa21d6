using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Security;

/// <summary>
/// Generated from <c>/api/v1/openapi.json</c>, so it covers every operation: each with a JSON request body gets duplicate
/// keys (also differing only in case), wrong types, a truncated body and oversize strings, each without one gets a body
/// anyway, as a platform admin; each must be a 4xx ProblemDetails that names where the body went wrong, and nothing may
/// reach the audit log.
/// </summary>
public sealed class BadBodyTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task EveryOperationWithBody_BadBodies_Answer4xxProblemAndChangeNothing()
    {
        var owner = await app.CreatePersonAsync("bbowner", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "bb-ns");
        using var admin = await app.ClientForAsync(await app.AdminAsync());
        var document = JsonNode.Parse(await admin.GetStringAsync("/api/v1/openapi.json"))!;
        var operations = Operations(document).ToList();
        operations.Count.ShouldBeGreaterThan(10);
        var auditBefore = await AuditCountAsync();
        var failures = new List<string>();

        foreach (var (method, path, schema) in operations)
        {
            var url = path.Replace("{name}", "bb-ns", StringComparison.Ordinal).Replace("{person}", owner.Email, StringComparison.Ordinal)
                .Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            foreach (var (kind, body, expectedPath) in BadBodies(schema, document))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                using var response = await admin.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{method} {path} {kind}: {status} {text}");
                else if (expectedPath is not null && !text.Contains(expectedPath, StringComparison.OrdinalIgnoreCase))
                    failures.Add($"{method} {path} {kind}: the problem does not name {expectedPath}: {text}");
            }
        }

        failures.ShouldBeEmpty();
        (await AuditCountAsync()).ShouldBe(auditBefore);
    }

    [Fact]
    public async Task EveryOperationWithoutBody_JsonBodySent_Answer400ProblemAndChangeNothing()
    {
        var owner = await app.CreatePersonAsync("bbnobody", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "bb-nobody");
        using var admin = await app.ClientForAsync(await app.AdminAsync());
        var document = JsonNode.Parse(await admin.GetStringAsync("/api/v1/openapi.json"))!;
        var operations = BodylessOperations(document).ToList();
        operations.Count.ShouldBeGreaterThan(10);
        var auditBefore = await AuditCountAsync();
        var failures = new List<string>();

        foreach (var (method, path) in operations)
        {
            // Real values where the route has them, so the operation would otherwise have done its work (even a DELETE).
            var url = path.Replace("{name}", "bb-nobody", StringComparison.Ordinal).Replace("{person}", owner.Email, StringComparison.Ordinal)
                .Replace("{id}", owner.Id.ToString(), StringComparison.Ordinal);
            url = System.Text.RegularExpressions.Regex.Replace(url, @"\{[^}]+\}", Guid.NewGuid().ToString());
            foreach (var (kind, body) in new[] { ("object", """{"reason":"x"}"""), ("empty object", "{}"), ("not JSON", "reason=x") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                using var response = await admin.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                    || !text.Contains("takes no request body", StringComparison.Ordinal))
                    failures.Add($"{method} {path} {kind}: {(int)response.StatusCode} {text}");
            }
        }

        failures.ShouldBeEmpty();
        (await AuditCountAsync()).ShouldBe(auditBefore);
        (await admin.GetAsync("/api/v1/namespaces/bb-nobody")).StatusCode.ShouldBe(HttpStatusCode.OK, "the DELETE with a body deleted nothing");
        var undeclared = BodylessOperations(document).Where(o => document["paths"]![o.Path]![o.Method.ToLowerInvariant()]!["responses"]?["400"] is null)
            .Select(o => $"{o.Method} {o.Path}").ToList();
        undeclared.ShouldBeEmpty("the document lists the 400 on every operation of the group without a body");
    }

    [Fact]
    public async Task CreateNamespace_DuplicateNameDifferingInCase_RefusedNamingTheProperty()
    {
        using var admin = await app.ClientForAsync(await app.AdminAsync());
        const string body = """{"name":"dupk-a","Name":"dupk-b","institution":"UC","pis":["P"],"grants":[],"software":[],"description":"d","publications":[]}""";

        using var response = await admin.PostAsync("/api/v1/namespaces", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Name");
        (await admin.GetAsync("/api/v1/namespaces/dupk-a")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync("/api/v1/namespaces/dupk-b")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateNamespace_NumberForName_ProblemNamesPathAndExpectedType()
    {
        using var admin = await app.ClientForAsync(await app.AdminAsync());

        using var response = await admin.PostAsync("/api/v1/namespaces", new StringContent("""{"name":123}""", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").GetProperty("$.name")[0].GetString().ShouldBe("expected a string.");
    }

    private static IEnumerable<(string Method, string Path, JsonNode Schema)> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema)
                    yield return (method.ToUpperInvariant(), path, schema);
            }
        }
    }

    /// <summary>Every operation of the document that declares no request body.</summary>
    private static IEnumerable<(string Method, string Path)> BodylessOperations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["requestBody"] is null)
                    yield return (method.ToUpperInvariant(), path);
            }
        }
    }

    /// <summary>(kind, body, the path the problem must name or null) for one operation's body schema.</summary>
    private static IEnumerable<(string Kind, string Body, string? Path)> BadBodies(JsonNode schema, JsonNode document)
    {
        var resolved = Resolve(schema, document);
        var properties = resolved["properties"]?.AsObject().Select(p => (p.Key, Schema: Resolve(p.Value!, document))).ToList() ?? [];
        var valid = new JsonObject();
        foreach (var (name, s) in properties)
            valid[name] = Sample(s);
        yield return ("truncated", valid.ToJsonString()[..^1], null);
        yield return ("not an object", "[1,2]", null);
        if (properties.Count == 0)
            yield break;
        var first = properties[0].Key;
        var body = valid.ToJsonString();
        yield return ("duplicate key", body[..^1] + $",\"{first}\":{Sample(properties[0].Schema)!.ToJsonString()}}}", first);
        var upper = char.ToUpperInvariant(first[0]) + first[1..];
        yield return ("duplicate key in other case", body[..^1] + $",\"{upper}\":{Sample(properties[0].Schema)!.ToJsonString()}}}", upper);
        yield return ("unknown field", body[..^1] + ",\"surplusField\":1}", "surplusField");
        foreach (var (name, s) in properties)
        {
            var wrong = valid.DeepClone().AsObject();
            wrong[name] = Wrong(s);
            yield return ($"wrong type of {name}", wrong.ToJsonString(), "$." + name);
            if (Types(s).Contains("string") && !Types(s).Contains("integer") && !Types(s).Contains("number"))
            {
                var huge = valid.DeepClone().AsObject();
                huge[name] = new string('x', 300_000);
                yield return ($"oversize {name}", huge.ToJsonString(), null);
            }
        }
    }

    private static JsonNode Resolve(JsonNode schema, JsonNode document)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return Resolve(document["components"]!["schemas"]![reference.Split('/')[^1]]!, document);
        return schema;
    }

    private static HashSet<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    private static JsonNode? Sample(JsonNode schema)
    {
        var types = Types(schema);
        // Numbers first: the document allows them as strings too (["integer","string"]).
        if (types.Contains("integer") || types.Contains("number"))
            return 1;
        if (types.Contains("string"))
        {
            return schema["format"]?.GetValue<string>() switch
            {
                "date-time" => "2030-01-01T00:00:00Z",
                // Ids must parse, so the other faults of the body are what gets refused.
                "uuid" => Guid.NewGuid().ToString(),
                _ => "x",
            };
        }
        if (types.Contains("boolean"))
            return true;
        if (types.Contains("array"))
            return new JsonArray();
        return new JsonObject();
    }

    private static JsonNode Wrong(JsonNode schema)
    {
        var types = Types(schema);
        if (types.Contains("string"))
            return new JsonObject { ["not"] = "a string" };
        if (types.Contains("array"))
            return 5;
        if (types.Contains("integer") || types.Contains("number") || types.Contains("boolean"))
            return new JsonArray("x");
        return "not an object";
    }

    private async Task<int> AuditCountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents.CountAsync();
    }
}
