using System.Globalization;

namespace Nereid.KubeDouble.Defaulting;

/// <summary>The numeric value of a <c>resource.Quantity</c> (binary, decimal and exponent suffixes), for comparing requests with limits.</summary>
internal static class Quantity
{
    private static readonly Dictionary<string, decimal> Multipliers = new(StringComparer.Ordinal)
    {
        [""] = 1m, ["n"] = 1e-9m, ["u"] = 1e-6m, ["m"] = 1e-3m, ["k"] = 1e3m, ["M"] = 1e6m, ["G"] = 1e9m, ["T"] = 1e12m,
        ["P"] = 1e15m, ["E"] = 1e18m, ["Ki"] = 1024m, ["Mi"] = 1024m * 1024, ["Gi"] = 1024m * 1024 * 1024,
        ["Ti"] = 1024m * 1024 * 1024 * 1024, ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024, ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or '+' or '-'))
        {
            end++;
        }
        if (!decimal.TryParse(text[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        var suffix = text[end..];
        if (Multipliers.TryGetValue(suffix, out var multiplier))
        {
            value = number * multiplier;
            return true;
        }
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E' && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
            && exponent is >= -18 and <= 18)
        {
            value = number * (decimal)Math.Pow(10, exponent);
            return true;
        }
        return false;
    }
}
