using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.Storage;

/// <summary>Parsed <c>fieldSelector</c> (SEMANTICS.md §8): <c>=,==,!=</c>, comma = AND, per-type allowed fields.</summary>
public sealed class FieldSelector
{
    private readonly List<(string Field, string Value, bool Negated)> _terms = [];

    public static FieldSelector Parse(string? text, ResourceInfo resource)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var term in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var negated = term.Contains("!=", StringComparison.Ordinal);
            var parts = negated ? term.Split("!=", 2) : term.Split(term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if (parts.Length != 2)
            {
                throw Errors.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }
            var field = parts[0].Trim();
            if (field is not ("metadata.name" or "metadata.namespace") && !resource.ExtraFieldSelectors.Contains(field))
            {
                throw Errors.BadRequest($"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
            }
            selector._terms.Add((field, parts[1].Trim(), negated));
        }
        return selector;
    }

    /// <summary>The single name an <c>metadata.name=x</c> selector pins, if any.</summary>
    public string? PinnedName => _terms.FirstOrDefault(t => t.Field == "metadata.name" && !t.Negated).Value;

    public bool Matches(JsonObject obj)
    {
        foreach (var (field, value, negated) in _terms)
        {
            JsonNode? node = obj;
            foreach (var part in field.Split('.'))
            {
                node = node?[part];
            }
            // Missing fields compare as "" (server converts absent scalars to their zero value).
            var actual = node switch
            {
                null => "",
                JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
                _ => node.ToString(),
            };
            if ((actual == value) == negated)
            {
                return false;
            }
        }
        return true;
    }
}
