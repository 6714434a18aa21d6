using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Nereid.Server.Tests.Meshes;

/// <summary>
/// The official pSConfig schema (<c>shared/reference/perfsonar/psconfig-schema.json</c>, found by walking up from the
/// test's directory), evaluated by JsonSchema.Net with formats asserted (hostnames, IP addresses).
/// </summary>
internal static class PsConfigSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(Load);

    /// <summary>The schema's errors for <paramref name="document"/> (empty when it validates).</summary>
    public static IReadOnlyList<string> Errors(byte[] document)
    {
        using var json = JsonDocument.Parse(document);
        var result = Schema.Value.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid ? [] : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    private static JsonSchema Load()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "shared", "reference", "perfsonar", "psconfig-schema.json")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new FileNotFoundException("shared/reference/perfsonar/psconfig-schema.json was not found above " + AppContext.BaseDirectory);
        }
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "shared", "reference", "perfsonar", "psconfig-schema.json")))!.AsObject();
        // The file declares draft-04, which JsonSchema.Net does not implement; draft-07 reads every keyword this schema
        // uses the same way (it has no exclusiveMinimum/Maximum), so it is evaluated as draft-07 that, like draft-04,
        // ignores unknown keywords (its "pSConfig" definitions container, "x-invalid-message"). The draft-04 "id" is
        // dropped: every $ref is local, and an identifier would register the schema globally once per build.
        schema.Remove("$schema");
        schema.Remove("id");
        var dialect = Dialect.Draft07.With([], null, null, allowUnknownKeywords: true);
        return JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { Dialect = dialect });
    }
}
