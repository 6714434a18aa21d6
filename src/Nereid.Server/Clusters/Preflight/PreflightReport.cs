using System.Text;

namespace Nereid.Server.Clusters.Preflight;

/// <summary>One thing the preflight makes sure of in a cluster (the lease namespace, the users' ClusterRole).</summary>
internal sealed record PreflightStep(bool Ok, string Message);

/// <summary>
/// What the last preflight found in one cluster: whether it answered at all, what it created, and every permission it
/// denied. <see cref="Ok"/> only when nothing is missing.
/// </summary>
internal sealed record PreflightReport(string Cluster, DateTimeOffset CheckedAt, string? Error, PreflightStep LeaseNamespace, PreflightStep ClusterRole,
    IReadOnlyList<RequiredPermission> Missing)
{
    public bool Ok => Error is null && LeaseNamespace.Ok && ClusterRole.Ok && Missing.Count == 0;

    /// <summary>One line for logs and <c>/readyz</c>: <c>ok</c>, or every problem separated by semicolons.</summary>
    public string Summary => Ok ? "preflight ok" : string.Join("; ", Problems);

    /// <summary>Each problem as a sentence an operator can act on.</summary>
    public IEnumerable<string> Problems
    {
        get
        {
            if (Error is not null)
            {
                yield return Error;
                yield break;
            }
            if (Missing.Count > 0)
            {
                yield return "missing permissions: " + string.Join(", ", Missing);
            }
            if (!LeaseNamespace.Ok)
            {
                yield return LeaseNamespace.Message;
            }
            if (!ClusterRole.Ok)
            {
                yield return ClusterRole.Message;
            }
        }
    }

    /// <summary>
    /// The RBAC rules that would grant what is missing, in YAML to paste into the <c>nereid-controller</c> ClusterRole
    /// (or, for a namespaced row, a Role in that namespace). Empty when nothing is missing.
    /// </summary>
    public string RulesToAdd()
    {
        var text = new StringBuilder();
        foreach (var scope in Missing.GroupBy(p => p.Namespace).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(scope.Key is null ? "# ClusterRole nereid-controller\n" : $"# Role in namespace {scope.Key}\n");
            text.Append("rules:\n");
            foreach (var rule in scope.GroupBy(p => (p.Group, p.Resource, p.Name)).OrderBy(g => g.Key.Group, StringComparer.Ordinal)
                         .ThenBy(g => g.Key.Resource, StringComparer.Ordinal))
            {
                text.Append($"  - apiGroups: [\"{rule.Key.Group}\"]\n    resources: [\"{rule.Key.Resource}\"]\n");
                if (rule.Key.Name is not null)
                {
                    text.Append($"    resourceNames: [\"{rule.Key.Name}\"]\n");
                }
                text.Append($"    verbs: [{string.Join(", ", rule.Select(p => $"\"{p.Verb}\"").Distinct())}]\n");
            }
        }
        return text.ToString();
    }
}
