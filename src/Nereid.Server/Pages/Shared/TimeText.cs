using System.Globalization;

namespace Nereid.Server.Pages.Shared;

/// <summary>
/// The one way pages write a moment: UTC with its zone (<c>2026-12-03 16:40 UTC</c>) and, for the last day, how long
/// ago (<c>3 minutes ago</c>); the <c>datetime</c> attribute carries ISO 8601 for scripts and the API's format.
/// </summary>
internal static class TimeText
{
    /// <summary><c>2026-12-03 16:40:12 UTC</c>.</summary>
    public static string Absolute(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary><c>just now</c>, <c>1 minute ago</c>, <c>5 hours ago</c>; null for a day or more ago (or in the future).</summary>
    public static string? Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        if (age < TimeSpan.Zero || age >= TimeSpan.FromDays(1))
            return null;
        if (age < TimeSpan.FromSeconds(10))
            return "just now";
        if (age < TimeSpan.FromMinutes(1))
            return Plural((int)age.TotalSeconds, "second") + " ago";
        if (age < TimeSpan.FromHours(1))
            return Plural((int)age.TotalMinutes, "minute") + " ago";
        return Plural((int)age.TotalHours, "hour") + " ago";
    }

    /// <summary>Absolute time followed by the relative one when recent: <c>2026-12-03 16:40:12 UTC (3 minutes ago)</c>.</summary>
    public static string Describe(DateTimeOffset at, DateTimeOffset now) =>
        Relative(at, now) is { } ago ? $"{Absolute(at)} ({ago})" : Absolute(at);

    /// <summary><c>1 cluster</c>, <c>2 clusters</c>, <c>1,024 nodes</c>.</summary>
    public static string Plural(long count, string singular, string? plural = null) =>
        count.ToString("#,0", CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
