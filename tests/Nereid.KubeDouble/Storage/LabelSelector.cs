using System.Text.Json.Nodes;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.Storage;

/// <summary>Parsed <c>labelSelector</c> (SEMANTICS.md §8): <c>=,==,!=,in,notin,exists,!exists</c>, comma = AND.</summary>
public sealed class LabelSelector
{
    private readonly List<Func<JsonObject?, bool>> _terms = [];

    public static readonly LabelSelector Everything = new();

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var raw in SplitTerms(text))
        {
            selector._terms.Add(ParseTerm(raw.Trim(), text));
        }
        return selector;
    }

    public bool Matches(JsonObject obj) =>
        _terms.All(t => t(obj["metadata"]?["labels"] as JsonObject));

    private static Func<JsonObject?, bool> ParseTerm(string term, string whole)
    {
        string? Value(JsonObject? labels, string key) =>
            labels is not null && labels.TryGetPropertyValue(key, out var v) ? v?.GetValue<string>() : null;

        var setMatch = System.Text.RegularExpressions.Regex.Match(term, @"^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$");
        if (setMatch.Success)
        {
            var key = setMatch.Groups[1].Value;
            var values = setMatch.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries).ToHashSet();
            return setMatch.Groups[2].Value == "in"
                ? labels => Value(labels, key) is { } v && values.Contains(v)
                : labels => Value(labels, key) is not { } v || !values.Contains(v);
        }
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var i = term.IndexOf(op, StringComparison.Ordinal);
            if (i > 0)
            {
                var key = term[..i].Trim();
                var value = term[(i + op.Length)..].Trim();
                return op == "!=" ? labels => Value(labels, key) != value : labels => Value(labels, key) == value;
            }
        }
        if (term.StartsWith('!') && IsKey(term[1..]))
        {
            var key = term[1..];
            return labels => labels is null || !labels.ContainsKey(key);
        }
        if (IsKey(term))
        {
            return labels => labels is not null && labels.ContainsKey(term);
        }
        throw Errors.BadRequest($"unable to parse requirement: found '{term}', expected: in, notin, =, ==, !=, gt, lt (selector \"{whole}\")");
    }

    private static bool IsKey(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/');

    // Commas inside "in (a,b)" do not separate terms.
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
