using System.Text.Json;

namespace Nereid.KubeDouble.Rbac;

/// <summary>Matches a <c>metav1.LabelSelector</c> (JSON) against an object's labels; used for ClusterRole aggregation.</summary>
internal static class LabelSelectorMatcher
{
    /// <summary>True when every <c>matchLabels</c> entry and <c>matchExpressions</c> requirement holds (an empty selector matches everything).</summary>
    public static bool Matches(JsonElement selector, JsonElement labels)
    {
        if (selector.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (selector.TryGetProperty("matchLabels", out var matchLabels) && matchLabels.ValueKind == JsonValueKind.Object)
        {
            foreach (var pair in matchLabels.EnumerateObject())
            {
                if (Label(labels, pair.Name) != pair.Value.GetString())
                {
                    return false;
                }
            }
        }

        if (selector.TryGetProperty("matchExpressions", out var expressions) && expressions.ValueKind == JsonValueKind.Array)
        {
            foreach (var expression in expressions.EnumerateArray())
            {
                if (!ExpressionHolds(expression, labels))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool ExpressionHolds(JsonElement expression, JsonElement labels)
    {
        var key = expression.TryGetProperty("key", out var k) ? k.GetString() ?? string.Empty : string.Empty;
        var op = expression.TryGetProperty("operator", out var o) ? o.GetString() : null;
        var value = Label(labels, key);
        var values = PolicyRuleMatcher.Strings(expression, "values");
        return op switch
        {
            "In" => value is not null && values.Contains(value),
            "NotIn" => value is null || !values.Contains(value),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            _ => false,
        };
    }

    private static string? Label(JsonElement labels, string key) =>
        labels.ValueKind == JsonValueKind.Object && labels.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
