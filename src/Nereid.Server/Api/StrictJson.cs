using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Json;

namespace Nereid.Server.Api;

/// <summary>
/// One rule for every request body: what a client sent is either read exactly or refused with a problem that says where.
/// Duplicate properties (compared case-insensitively, as binding is) and properties the operation does not know are
/// refused, like type errors and malformed JSON, with a ProblemDetails naming the JSON path and what was expected.
/// </summary>
internal static partial class StrictJson
{
    public static IServiceCollection AddNereidStrictJson(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        // Without this, a body that does not bind answers a bare 400 with no field and no reason.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>The problem for a body that could not be read as JSON of the operation's type, or null for other bad requests.</summary>
    public static HttpValidationProblemDetails? ProblemFor(BadHttpRequestException bad, Type? bodyType)
    {
        ArgumentNullException.ThrowIfNull(bad);
        if (bad.InnerException is not JsonException json)
            return null;
        var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        // A record's constructor parameter reports the record as the type; the property at the path says what was expected.
        var reason = TypeAt(bodyType, path) is { } expected && json.Message.Contains("converted to", StringComparison.Ordinal)
            ? $"expected {Friendly(expected.FullName ?? expected.Name)}."
            : Describe(json);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [path] = [reason] })
        {
            Title = "The request body is not valid for this operation",
            Detail = $"{path}: {reason}",
            Status = StatusCodes.Status400BadRequest,
            Type = DomainProblems.Validation.Type,
        };
    }

    /// <summary>The declared type at a simple path such as <c>$.name</c> (properties matched case-insensitively), or null.</summary>
    private static Type? TypeAt(Type? type, string path)
    {
        if (type is null || !path.StartsWith("$.", StringComparison.Ordinal))
            return null;
        foreach (var name in path[2..].Split('.'))
        {
            var property = type?.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null || name.Contains('[', StringComparison.Ordinal))
                return null;
            type = property.PropertyType;
        }
        return type;
    }

    private static string Describe(JsonException json)
    {
        var message = Location().Replace(json.Message, "").Trim();
        var at = message.IndexOf("converted to ", StringComparison.Ordinal);
        return at < 0 ? message : $"expected {Friendly(message[(at + "converted to ".Length)..])}.";
    }

    private static string Friendly(string type)
    {
        var nullable = type.StartsWith("System.Nullable", StringComparison.Ordinal) ? " or null" : "";
        string[] numbers = ["System.Int32", "System.Int64", "System.Double", "System.Decimal"];
        var what = type switch
        {
            _ when type.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "an object",
            _ when type.StartsWith("System.Collections", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) => "an array",
            _ when type.Contains("System.String", StringComparison.Ordinal) => "a string",
            _ when numbers.Any(n => type.Contains(n, StringComparison.Ordinal)) => "a number",
            _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
            _ when type.Contains("System.DateTime", StringComparison.Ordinal) => "a date-time string (ISO 8601)",
            _ when type.Contains("System.Guid", StringComparison.Ordinal) => "a UUID string",
            _ => "an object",
        };
        return what + nullable;
    }

    [GeneratedRegex(@"\s*(Path: .*?)?\s*\|?\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?", RegexOptions.CultureInvariant)]
    private static partial Regex Location();
}
