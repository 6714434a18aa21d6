using System.Text.Json;

namespace Nereid.KubeDouble.Rbac;

/// <summary>Does one RBAC <c>PolicyRule</c> (JSON) allow a request? Mirrors <c>rbac/v1 RuleAllows</c>.</summary>
internal static class PolicyRuleMatcher
{
    private const string All = "*";

    public static bool Allows(JsonElement rule, RequestAttributes request)
    {
        if (!Contains(rule, "verbs", request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return NonResourceUrlMatches(rule, request.NonResourcePath!);
        }

        return Contains(rule, "apiGroups", request.ApiGroup)
            && ResourceMatches(rule, request.Resource, request.Subresource)
            && ResourceNameMatches(rule, request.Name);
    }

    private static bool Contains(JsonElement rule, string field, string requested)
    {
        foreach (var value in Strings(rule, field))
        {
            if (value == All || value == requested)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ResourceMatches(JsonElement rule, string resource, string? subresource)
    {
        var combined = string.IsNullOrEmpty(subresource) ? resource : $"{resource}/{subresource}";
        foreach (var value in Strings(rule, "resources"))
        {
            if (value == All || value == combined)
            {
                return true;
            }

            // "*/status" grants the status subresource of every resource.
            if (!string.IsNullOrEmpty(subresource) && value.Length == subresource.Length + 2
                && value.StartsWith("*/", StringComparison.Ordinal) && value.EndsWith(subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ResourceNameMatches(JsonElement rule, string? name)
    {
        var any = false;
        foreach (var value in Strings(rule, "resourceNames"))
        {
            any = true;
            // A collection request (list, watch, create without a name) never matches a name-restricted rule.
            if (!string.IsNullOrEmpty(name) && value == name)
            {
                return true;
            }
        }

        return !any;
    }

    private static bool NonResourceUrlMatches(JsonElement rule, string path)
    {
        foreach (var value in Strings(rule, "nonResourceURLs"))
        {
            if (value == All || value == path)
            {
                return true;
            }

            if (value.EndsWith('*') && path.StartsWith(value.TrimEnd('*'), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The strings of an optional string-array field.</summary>
    public static IEnumerable<string> Strings(JsonElement obj, string field)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                yield return item.GetString()!;
            }
        }
    }
}
