using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Rbac;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.Admission;

/// <summary>
/// Whether one webhook of a MutatingWebhookConfiguration applies to a request, as kube-apiserver decides it: every
/// rule's operations, apiGroups, apiVersions, resources and scope (<c>*</c> a wildcard), then the namespaceSelector
/// (against the namespace's labels; a Namespace is matched by its own labels; other cluster-scoped objects always
/// match) and the objectSelector (the object's labels). An absent selector matches everything.
/// </summary>
internal static class WebhookMatch
{
    public static bool Matches(JsonObject webhook, ResourceInfo r, string operation, JsonObject obj, JsonObject? namespaceObject) =>
        RulesMatch(webhook["rules"] as JsonArray, r, operation)
        && (NamespaceLabels(r, obj, namespaceObject) is not { } nsLabels || SelectorMatches(webhook["namespaceSelector"], nsLabels))
        && SelectorMatches(webhook["objectSelector"], obj["metadata"]?["labels"]);

    private static bool RulesMatch(JsonArray? rules, ResourceInfo r, string operation) =>
        rules is not null && rules.OfType<JsonObject>().Any(rule =>
            Has(rule["operations"], operation)
            && Has(rule["apiGroups"], r.Group)
            && Has(rule["apiVersions"], r.Version)
            && (Has(rule["resources"], r.Plural) || Has(rule["resources"], "*/*"))
            && ScopeMatches(JsonIo.Str(rule["scope"]) ?? "*", r));

    private static bool ScopeMatches(string scope, ResourceInfo r) => scope switch
    {
        "Cluster" => !r.Namespaced,
        "Namespaced" => r.Namespaced,
        _ => true,
    };

    private static bool Has(JsonNode? values, string value) =>
        values is JsonArray a && a.Any(v => JsonIo.Str(v) is { } s && (s == "*" || s == value));

    /// <summary>Null means "no namespace to select on": the selector does not apply.</summary>
    private static JsonNode? NamespaceLabels(ResourceInfo r, JsonObject obj, JsonObject? namespaceObject) =>
        r is { Group: "", Plural: "namespaces" } ? obj["metadata"]?["labels"] ?? new JsonObject()
        : r.Namespaced ? namespaceObject?["metadata"]?["labels"] ?? new JsonObject()
        : null;

    private static bool SelectorMatches(JsonNode? selector, JsonNode? labels)
    {
        if (selector is not JsonObject s || s.Count == 0)
        {
            return true;
        }
        var selectorElement = JsonSerializer.SerializeToElement(s);
        var labelsElement = JsonSerializer.SerializeToElement(labels ?? new JsonObject());
        return LabelSelectorMatcher.Matches(selectorElement, labelsElement);
    }
}
