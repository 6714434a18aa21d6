using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Inventory;

/// <summary>Kubernetes taint/toleration matching, limited to the effects that keep new pods off a node.</summary>
public static class TaintMatching
{
    /// <summary>True when the taint's effect blocks scheduling (<c>NoSchedule</c> or <c>NoExecute</c>).</summary>
    public static bool Blocks(Taint taint)
    {
        ArgumentNullException.ThrowIfNull(taint);
        return taint.Effect is "NoSchedule" or "NoExecute";
    }

    /// <summary>
    /// True when <paramref name="toleration"/> tolerates <paramref name="taint"/>: empty effect matches every effect; operator
    /// <c>Exists</c> ignores the value and an empty key with <c>Exists</c> tolerates everything; <c>Equal</c> (the default) compares values.
    /// </summary>
    public static bool Tolerates(Toleration toleration, Taint taint)
    {
        ArgumentNullException.ThrowIfNull(toleration);
        ArgumentNullException.ThrowIfNull(taint);
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
            return false;
        var exists = toleration.Operator == "Exists";
        if (string.IsNullOrEmpty(toleration.Key))
            return exists;
        if (toleration.Key != taint.Key)
            return false;
        return exists || (toleration.Value ?? "") == (taint.Value ?? "");
    }

    /// <summary>The blocking taints none of <paramref name="tolerations"/> tolerate.</summary>
    public static IEnumerable<Taint> Untolerated(IEnumerable<Taint> taints, IReadOnlyCollection<Toleration> tolerations)
    {
        ArgumentNullException.ThrowIfNull(taints);
        ArgumentNullException.ThrowIfNull(tolerations);
        return taints.Where(t => Blocks(t) && !tolerations.Any(tol => Tolerates(tol, t)));
    }

    /// <summary>Parses <c>key=value:Effect</c>, <c>key:Effect</c>, <c>key=value</c> or <c>key</c> (no value → Exists).</summary>
    public static Toleration ParseToleration(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var effect = (string?)null;
        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            effect = text[(colon + 1)..].Trim();
            text = text[..colon];
        }
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        return eq < 0
            ? new Toleration { Key = text.Trim(), Operator = "Exists", Effect = effect }
            : new Toleration { Key = text[..eq].Trim(), Operator = "Equal", Value = text[(eq + 1)..].Trim(), Effect = effect };
    }
}
