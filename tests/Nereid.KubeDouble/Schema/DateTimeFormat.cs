using System.Text.RegularExpressions;

namespace Nereid.KubeDouble.Schema;

/// <summary>RFC 3339 date-time check, as Go's <c>time.Parse(time.RFC3339, ...)</c> behind <c>metav1.Time</c> applies it.</summary>
internal static partial class DateTimeFormat
{
    /// <summary>True for <c>2025-03-19T23:13:21Z</c>, <c>2025-03-19T23:13:21.123456+02:00</c> and the like.</summary>
    public static bool IsValid(string text)
    {
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(int group) => int.Parse(match.Groups[group].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        var (year, month, day) = (Part(1), Part(2), Part(3));
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 2000 : year, month))
        {
            return false;
        }

        if (Part(4) > 23 || Part(5) > 59 || Part(6) > 59)
        {
            return false;
        }

        return !match.Groups[8].Success || (Part(8) <= 23 && Part(9) <= 59);
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
