using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Security;

/// <summary>Every route the server maps (pages and API), read from its endpoint table, with parameters filled in.</summary>
public static partial class SiteRoutes
{
    /// <summary>(method, url) for every mapped route; <paramref name="values"/> fills route parameters by name (unknown ones get "x", guids a fresh id).</summary>
    public static IReadOnlyList<(string Method, string Url)> All(NereidAppFactory app, IReadOnlyDictionary<string, string> values)
    {
        var routes = new SortedSet<(string, string)>();
        foreach (var endpoint in app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var url = "/" + Parameter().Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), m => Fill(m, values));
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
                routes.Add((method, url));
        }
        return [.. routes];
    }

    /// <summary>The GET pages (not API, metrics or health), for walking in a browser.</summary>
    public static IReadOnlyList<string> Pages(NereidAppFactory app, IReadOnlyDictionary<string, string> values) =>
        [.. All(app, values).Where(r => r.Method == "GET" && !r.Url.StartsWith("/api", StringComparison.Ordinal) && !r.Url.StartsWith("/signin", StringComparison.Ordinal)
            && r.Url is not ("/metrics" or "/healthz" or "/readyz" or "/logout")).Select(r => r.Url).Distinct()];

    private static string Fill(Match m, IReadOnlyDictionary<string, string> values)
    {
        var name = m.Groups["name"].Value;
        if (values.TryGetValue(name, out var value))
            return Uri.EscapeDataString(value);
        return m.Groups["constraint"].Value.Contains("guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "x";
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[^:}=?]+)(?<constraint>[^}]*)\}")]
    private static partial Regex Parameter();
}
