using System.Text;
using Nereid.Domain.Policies;

namespace Nereid.Server.Policies;

/// <summary>The words of a notice, shared by email and webhook.</summary>
public static class NoticeText
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
}
