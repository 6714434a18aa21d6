using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.CustomResources;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Schema;

namespace Nereid.KubeDouble.Server;

/// <summary>An object rejected (or warned about) by schema validation.</summary>
public sealed record SchemaViolation(string ApiVersion, string Kind, string Name, IReadOnlyList<SchemaError> Errors);

/// <summary>
/// Runs the OpenAPI validator on objects about to be stored, and a custom resource's structural schema (defaults
/// first, then validation; unknown fields pruned as for built-ins). apps/v1 has no OpenAPI file here, so Deployments
/// (and any kind the validator does not know) are not schema-validated.
/// </summary>
public sealed class SchemaGate(OpenApiSchemaValidator? validator, CustomResourceRegistry? customResources = null)
{
    public ConcurrentQueue<SchemaViolation> Violations { get; } = new();

    /// <summary>The structural schema of a custom resource, or null.</summary>
    internal SchemaNode? CustomSchema(ResourceInfo r) => r.IsCustom ? customResources?.SchemaFor(r.ApiVersion, r.Kind) : null;

    /// <summary>
    /// Server-side apply of a custom resource: the applied configuration must type-check against the schema before
    /// anything is merged (500, see <see cref="ApplyTypeCheck"/>); a rejection is recorded like any violation.
    /// </summary>
    public void CheckApplied(ResourceInfo r, JsonObject applied)
    {
        if (CustomSchema(r) is not { } custom || ApplyTypeCheck.Errors(applied, custom) is not { Count: > 0 } errors)
        {
            return;
        }
        var name = JsonIo.Str(applied["metadata"]?["name"]) ?? "";
        Violations.Enqueue(new SchemaViolation(r.ApiVersion, r.Kind, name,
            [.. errors.Select(e => new SchemaError(e[1..e.IndexOf(':', StringComparison.Ordinal)], e.Contains("not declared", StringComparison.Ordinal) ? SchemaError.UnknownField : SchemaError.FieldValueInvalid, e))]));
        throw ApplyTypeCheck.Rejection(r, applied, errors);
    }

    /// <summary>Throws 422 Invalid (or 400 for unknown fields under fieldValidation=Strict) and records the violation.</summary>
    public void Check(ResourceInfo r, JsonObject obj, string? fieldValidation, Action<string> warn)
    {
        IReadOnlyList<SchemaError> errors;
        if (CustomSchema(r) is { } custom)
        {
            CrdDefaults.Apply(obj, custom);
            if (validator is null)
            {
                return;
            }
            var walker = new SchemaWalker();
            walker.Walk(JsonSerializer.SerializeToElement(obj), custom);
            errors = walker.Errors;
        }
        else if (validator is null || !validator.Knows(r.ApiVersion, r.Kind))
        {
            return;
        }
        else
        {
            errors = validator.Validate(JsonSerializer.SerializeToElement(obj));
        }
        if (errors.Count == 0)
        {
            return;
        }
        var name = JsonIo.Str(obj["metadata"]?["name"]) ?? "";
        Violations.Enqueue(new SchemaViolation(r.ApiVersion, r.Kind, name, errors));
        var unknown = errors.Where(e => e.Reason == "UnknownField").ToList();
        var invalid = errors.Where(e => e.Reason != "UnknownField").ToList();
        if (unknown.Count > 0 && fieldValidation == "Strict")
        {
            throw Errors.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u.Path}\"")));
        }
        foreach (var u in unknown)
        {
            // Warn/Ignore: the apiserver drops unknown fields (and warns under Warn, the default).
            if (fieldValidation != "Ignore")
            {
                warn($"unknown field \"{u.Path}\"");
            }
            RemovePath(obj, u.Path);
        }
        if (invalid.Count > 0)
        {
            throw Errors.Invalid(r, name, [.. invalid.Select(e => new Errors.Cause(e.Reason, e.Message, e.Path))]);
        }
    }

    private static void RemovePath(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length - 1 && node is not null; i++)
        {
            node = parts[i].StartsWith('[') && int.TryParse(parts[i].Trim('[', ']'), out var idx)
                ? (node as JsonArray)?[idx] : node[parts[i]];
        }
        (node as JsonObject)?.Remove(parts[^1]);
    }
}
