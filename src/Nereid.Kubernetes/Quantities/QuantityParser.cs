using System.Globalization;

namespace Nereid.Kubernetes.Quantities;

/// <summary>Parses <c>&lt;signed number&gt;&lt;suffix&gt;</c> exactly, following the Kubernetes quantity grammar.</summary>
internal static class QuantityParser
{
    // The largest decimal exponent that still fits a decimal (about 7.9e28) without losing the mantissa.
    private const int MaxExponent = 28;

    public static bool TryParse(string text, out Quantity quantity, out string? error)
    {
        quantity = default;
        error = null;
        var s = text.AsSpan().Trim();
        var end = NumberEnd(s);
        if (end == 0 || !decimal.TryParse(s[..end], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var number) || !HasDigit(s[..end]))
        {
            error = $"quantity '{text}' does not start with a number";
            return false;
        }

        var suffix = s[end..];
        if (!TryApplySuffix(number, suffix, out var value, out var format))
        {
            error = $"quantity '{text}' has an unknown suffix or is out of range";
            return false;
        }

        quantity = new Quantity(value, format);
        return true;
    }

    private static int NumberEnd(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
        {
            i++;
        }
        return i;
    }

    private static bool HasDigit(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool TryApplySuffix(decimal number, ReadOnlySpan<char> suffix, out decimal value, out QuantityFormat format)
    {
        value = 0;
        format = QuantityFormat.DecimalSI;
        int binaryPower = suffix switch
        {
            "Ki" => 1, "Mi" => 2, "Gi" => 3, "Ti" => 4, "Pi" => 5, "Ei" => 6, _ => 0,
        };
        try
        {
            if (binaryPower > 0)
            {
                format = QuantityFormat.BinarySI;
                value = number * Pow(1024m, binaryPower);
                return true;
            }

            int? exponent = suffix switch
            {
                "" => 0, "n" => -9, "u" => -6, "m" => -3, "k" => 3, "M" => 6, "G" => 9, "T" => 12, "P" => 15, "E" => 18,
                _ => null,
            };
            if (exponent is null)
            {
                if (suffix.Length < 2 || (suffix[0] != 'e' && suffix[0] != 'E')
                    || !int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e))
                {
                    return false;
                }
                format = QuantityFormat.DecimalExponent;
                exponent = e;
            }

            if (Math.Abs(exponent.Value) > MaxExponent)
            {
                return false;
            }
            value = exponent >= 0 ? number * Pow(10m, exponent.Value) : number / Pow(10m, -exponent.Value);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    internal static decimal Pow(decimal b, int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++)
        {
            r *= b;
        }
        return r;
    }
}
