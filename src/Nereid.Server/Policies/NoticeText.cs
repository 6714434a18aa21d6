using System.Text;
using Nereid.Domain.Policies;

namespace Nereid.Server.Policies;

/// <summary>The words of a notice, shared by email and webhook.</summary>
internal static class NoticeText
{
    public static string Subject(Violation v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return $"Nereid: {v.Policy.ToWire()} violation in {v.Namespace}/{v.WorkloadName}";
    }

    public static string Render(Violation v, Uri? portal)
    {
        ArgumentNullException.ThrowIfNull(v);
        var text = new StringBuilder()
            .Append(v.WorkloadKind).Append(' ').Append(v.Namespace).Append('/').Append(v.WorkloadName)
            .Append(v.PodName is null ? "" : $" (pod {v.PodName})").Append(" on cluster ").Append(v.Cluster)
            .Append(" breaks the ").Append(v.Policy.ToWire()).Append(" policy: ").Append(v.Summary)
            .Append(" First seen ").Append(v.FirstSeenAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)).Append('.');
        if (portal is not null)
            text.Append(" Details: ").Append(new Uri(portal, $"violations/{v.Id}"));
        return text.ToString();
    }

    public static string StepSubject(Violation v, string action)
    {
        ArgumentNullException.ThrowIfNull(v);
        return $"Nereid: {v.Namespace}/{v.WorkloadName} {Done(action)} ({v.Policy.ToWire()})";
    }

    /// <summary>The words telling people already notified that enforcement took a step.</summary>
    public static string RenderStep(Violation v, string action, Uri? portal)
    {
        ArgumentNullException.ThrowIfNull(v);
        var text = new StringBuilder()
            .Append("After ").Append(v.NoticesSent.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(v.NoticesSent == 1 ? " notice" : " notices")
            .Append(", Nereid ").Append(Done(action)).Append(' ').Append(v.WorkloadKind).Append(' ').Append(v.Namespace).Append('/').Append(v.WorkloadName)
            .Append(" on cluster ").Append(v.Cluster).Append(" for the ").Append(v.Policy.ToWire()).Append(" policy: ").Append(v.Summary);
        if (portal is not null)
            text.Append(" Details: ").Append(new Uri(portal, $"violations/{v.Id}"));
        return text.ToString();
    }

    private static string Done(string action) => action switch
    {
        "annotate" => "annotated",
        "scale-down" => "scaled to zero",
        "delete" => "deleted",
        _ => action,
    };
}
