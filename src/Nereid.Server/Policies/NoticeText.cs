using System.Globalization;
using System.Text;
using Nereid.Domain.Policies;

namespace Nereid.Server.Policies;

/// <summary>
/// The mail and webhook texts of notices and step announcements, built from <see cref="ViolationWords"/> so they say
/// what the pages say. A digest gathers one person's notices of one scan into one message.
/// </summary>
internal static class NoticeText
{
    public static string Subject(Violation v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return $"Nereid: {v.Policy.ToWire()} violation in {v.Namespace}/{v.WorkloadName}";
    }

    /// <summary>One violation's notice: what is wrong, the evidence, the fix, the next step and the link.</summary>
    public static string Render(Violation v, ViolationWording words, Uri? portal)
    {
        ArgumentNullException.ThrowIfNull(v);
        return ViolationWords.Text(words, Link(v, portal));
    }

    public static string StepSubject(Violation v, string action)
    {
        ArgumentNullException.ThrowIfNull(v);
        return $"Nereid: {v.Namespace}/{v.WorkloadName} {Done(action)} ({v.Policy.ToWire()})";
    }

    /// <summary>The words telling people already notified that enforcement took a step, then why and what follows.</summary>
    public static string RenderStep(Violation v, string action, ViolationWording words, Uri? portal)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(words);
        var head = $"After {v.NoticesSent.ToString(CultureInfo.InvariantCulture)} {(v.NoticesSent == 1 ? "notice" : "notices")}, Nereid {Done(action)} "
            + $"{v.WorkloadKind} {v.Namespace}/{v.WorkloadName} on cluster {v.Cluster}.";
        return head + "\n" + ViolationWords.Text(words, Link(v, portal));
    }

    /// <summary>The subject of one person's digest: the single notice's own subject, or how many there are.</summary>
    public static string DigestSubject(IReadOnlyList<(Violation Violation, string Subject, string Text)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count == 1 ? items[0].Subject : $"Nereid: {items.Count} usage policy notices need your attention";
    }

    /// <summary>One person's notices of one scan in one body, numbered, each with its own fix and next step.</summary>
    public static string DigestBody(IReadOnlyList<(Violation Violation, string Subject, string Text)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 1)
            return items[0].Text;
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{items.Count} workloads you created or administer break the platform's usage policies.\n");
        for (var i = 0; i < items.Count; i++)
            body.Append(CultureInfo.InvariantCulture, $"\n{i + 1}. ").Append(items[i].Text).Append('\n');
        return body.ToString();
    }

    private static Uri? Link(Violation v, Uri? portal) => portal is null ? null : new Uri(portal, $"violations/{v.Id}");

    private static string Done(string action) => action switch
    {
        "annotate" => "annotated",
        "scale-down" => "scaled to zero",
        "delete" => "deleted",
        _ => action,
    };
}
