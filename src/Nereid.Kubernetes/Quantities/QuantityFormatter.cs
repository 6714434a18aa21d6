namespace Nereid.Kubernetes.Quantities;

/// <summary>Writes the canonical Kubernetes form: the largest suffix that keeps the mantissa a whole number.</summary>
internal static class QuantityFormatter
{
    private static readonly (string Suffix, int Exponent)[] DecimalSuffixes =
    [
        ("E", 18), ("P", 15), ("T", 12), ("G", 9), ("M", 6), ("k", 3), ("", 0), ("m", -3), ("u", -6), ("n", -9),
    ];

    private static readonly string[] BinarySuffixes = ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"];

    public static string Format(decimal value, QuantityFormat format)
    {
        if (value == 0)
        {
            return "0";
        }

        // Kubernetes cannot express less than a nano, so finer values round up (away from zero) like the apiserver.
        var nanos = value * 1_000_000_000m;
        if (nanos != decimal.Truncate(nanos))
        {
            value = (value > 0 ? decimal.Ceiling(nanos) : decimal.Floor(nanos)) / 1_000_000_000m;
        }

        if (format == QuantityFormat.BinarySI && value == decimal.Truncate(value) && Math.Abs(value) >= 1024)
        {
            return FormatBinary(value);
        }
        return format == QuantityFormat.DecimalExponent ? FormatExponent(value) : FormatDecimal(value);
    }

    private static string FormatBinary(decimal value)
    {
        for (var i = 0; i < BinarySuffixes.Length; i++)
        {
            var unit = QuantityParser.Pow(1024m, BinarySuffixes.Length - i);
            var mantissa = value / unit;
            if (mantissa == decimal.Truncate(mantissa))
            {
                return Quantity.Invariant(decimal.Truncate(mantissa)) + BinarySuffixes[i];
            }
        }
        return Quantity.Invariant(value);
    }

    private static string FormatDecimal(decimal value)
    {
        foreach (var (suffix, exponent) in DecimalSuffixes)
        {
            var mantissa = Scale(value, exponent);
            if (mantissa == decimal.Truncate(mantissa))
            {
                return Quantity.Invariant(decimal.Truncate(mantissa)) + suffix;
            }
        }
        return Quantity.Invariant(value);
    }

    private static string FormatExponent(decimal value)
    {
        for (var exponent = 18; exponent >= -9; exponent -= 3)
        {
            var mantissa = Scale(value, exponent);
            if (mantissa == decimal.Truncate(mantissa))
            {
                var digits = Quantity.Invariant(decimal.Truncate(mantissa));
                return exponent == 0 ? digits : $"{digits}e{exponent}";
            }
        }
        return Quantity.Invariant(value);
    }

    private static decimal Scale(decimal value, int exponent) =>
        exponent >= 0 ? value / QuantityParser.Pow(10m, exponent) : value * QuantityParser.Pow(10m, -exponent);
}
