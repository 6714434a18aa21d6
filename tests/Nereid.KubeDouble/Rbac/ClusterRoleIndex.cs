using System.Text.Json;

namespace Nereid.KubeDouble.Rbac;

/// <summary>ClusterRoles of one authorization pass, with aggregated rules resolved.</summary>
internal sealed class ClusterRoleIndex
{
    private readonly Dictionary<string, JsonElement> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonElement>> _effective = new(StringComparer.Ordinal);

    public ClusterRoleIndex(IEnumerable<JsonElement> clusterRoles)
    {
        foreach (var role in clusterRoles)
        {
            if (role.TryGetProperty("metadata", out var metadata))
            {
                _byName.TryAdd(RbacAuthorizer.Text(metadata, "name"), role);
            }
        }
    }

    /// <summary>The rules of a ClusterRole including aggregated ones, or null when it does not exist.</summary>
    public IReadOnlyList<JsonElement>? EffectiveRules(string name) =>
        _byName.ContainsKey(name) ? Resolve(name, new HashSet<string>(StringComparer.Ordinal)) : null;

    private List<JsonElement> Resolve(string name, HashSet<string> visiting)
    {
        if (_effective.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var role = _byName[name];
        var rules = role.TryGetProperty("rules", out var own) && own.ValueKind == JsonValueKind.Array ? own.EnumerateArray().ToList() : [];
        // Guards against selector cycles (a role aggregating a role that aggregates it back).
        if (!visiting.Add(name))
        {
            return rules;
        }

        foreach (var selector in Selectors(role))
        {
            foreach (var (otherName, other) in _byName)
            {
                if (otherName != name && !visiting.Contains(otherName) && LabelSelectorMatcher.Matches(selector, Labels(other)))
                {
                    rules.AddRange(Resolve(otherName, visiting));
                }
            }
        }

        visiting.Remove(name);
        _effective[name] = rules;
        return rules;
    }

    private static IEnumerable<JsonElement> Selectors(JsonElement role) =>
        role.TryGetProperty("aggregationRule", out var aggregation)
        && aggregation.ValueKind == JsonValueKind.Object
        && aggregation.TryGetProperty("clusterRoleSelectors", out var selectors)
        && selectors.ValueKind == JsonValueKind.Array
            ? selectors.EnumerateArray()
            : [];

    private static JsonElement Labels(JsonElement role) =>
        role.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("labels", out var labels) ? labels : default;
}
