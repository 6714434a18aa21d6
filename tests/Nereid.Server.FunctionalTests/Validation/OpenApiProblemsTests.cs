using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Validation;

/// <summary>
/// <c>/api/v1/openapi.json</c> lists, for every operation, the problem responses it can give, derived here from how the
/// endpoint is really mapped (authorization, route parameters, body, If-Match), not from the document itself.
/// </summary>
public sealed partial class OpenApiProblemsTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    /// <summary>The endpoints that honour If-Match (they call ETags.ParseIfMatch); each answers 412 to a stale version.</summary>
    private static readonly HashSet<string> IfMatchOperations = new(StringComparer.Ordinal)
    {
        "PUT /api/v1/namespaces/{name}", "DELETE /api/v1/namespaces/{name}", "PUT /api/v1/namespaces/{name}/quota",
        "PUT /api/v1/namespaces/{name}/placement",
        "PUT /api/v1/namespaces/{name}/federation", "POST /api/v1/people/{id}/merge",
        "PUT /api/v1/storage/classes/{cluster}/{storageClass}/description",
        "PUT /api/v1/institutions/{id}", "POST /api/v1/institutions/{id}/merge", "PUT /api/v1/clusters/{name}/trust",
    };

    [Fact]
    public async Task OpenApiDocument_EveryOperation_ListsTheProblemsItCanReturn()
    {
        var operations = await OperationsAsync();
        var endpoints = ApiEndpoints();
        operations.Keys.Order(StringComparer.Ordinal).ShouldBe(endpoints.Keys.Order(StringComparer.Ordinal));
        operations.Count.ShouldBeGreaterThan(30);

        var missing = new List<string>();
        foreach (var (key, operation) in operations)
        {
            var expected = new List<int>();
            if (endpoints[key])
                expected.AddRange([401, 403]);
            if (ParameterRoute().IsMatch(key))
                expected.Add(404);
            // Every operation can answer 400: one with a body refuses a bad one (StrictJson), one without refuses any body
            // (NoBodyOperations), wherever the feature maps it.
            expected.Add(400);
            if (IfMatchOperations.Contains(key))
                expected.Add(412);
            var responses = operation.GetProperty("responses");
            foreach (var status in expected)
            {
                if (!responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response)
                    || !response.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _))
                    missing.Add($"{key} {status}");
            }
        }
        missing.ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenApiDocument_IfMatchOperations_AllExist()
    {
        var operations = await OperationsAsync();

        foreach (var key in IfMatchOperations)
            operations.ShouldContainKey(key);
    }

    [Fact]
    public async Task MissingNamespace_ApiAndPage_ShareTitleFromOneTable()
    {
        using var client = app.CreateClient();

        using var api = await client.GetAsync("/api/v1/namespaces/no-such-lab");
        using var page = await client.GetAsync("/namespaces/no-such-lab");

        api.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("title").GetString().ShouldBe("Not found");
        problem.RootElement.GetProperty("type").GetString().ShouldBe("https://tools.ietf.org/html/rfc9110#section-15.5.5");
        (await page.Content.ReadAsStringAsync()).ShouldContain("<h1>Not found</h1>");
    }

    /// <summary>"METHOD /path" → operation, for every operation in the document.</summary>
    private async Task<Dictionary<string, JsonElement>> OperationsAsync()
    {
        using var client = app.CreateClient();
        var json = await client.GetStringAsync("/api/v1/openapi.json");
        var paths = JsonDocument.Parse(json).RootElement.GetProperty("paths");
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
                result[operation.Name.ToUpperInvariant() + " " + Normalize(path.Name)] = operation.Value.Clone();
        }
        return result;
    }

    /// <summary>"METHOD /path" → whether the endpoint requires a signed-in caller, for every described /api/v1 endpoint.</summary>
    private Dictionary<string, bool> ApiEndpoints()
    {
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!pattern.StartsWith("/api/v1/", StringComparison.Ordinal) || endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
                continue;
            if (pattern.EndsWith("openapi.json", StringComparison.Ordinal))
                continue;
            var signedIn = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                result[method + " " + Normalize(pattern)] = signedIn;
        }
        return result;
    }

    /// <summary>Route constraints dropped (<c>{id:guid}</c> → <c>{id}</c>) and no trailing slash, as the document writes paths.</summary>
    private static string Normalize(string path) => Constraint().Replace(path, "{$1}").TrimEnd('/');

    [GeneratedRegex(@"\{([^:}]+):[^}]*\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"\{(name|id)\}")]
    private static partial Regex ParameterRoute();
}
