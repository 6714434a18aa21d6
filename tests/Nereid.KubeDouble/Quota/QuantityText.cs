using System.Globalization;
using Nereid.KubeDouble.Defaulting;

namespace Nereid.KubeDouble.Quota;

/// <summary>A parsed <c>resource.Quantity</c>: its value and whether it was written with a binary suffix (Ki, Mi, …).</summary>
internal readonly record struct QuantityValue(decimal Value, bool Binary)
{
    public static QuantityValue? Parse(string? text) =>
        text is not null && Quantity.TryParse(text.Trim(), out var value) ? new QuantityValue(value, IsBinary(text)) : null;

    public static QuantityValue Count(long n) => new(n, false);

    /// <summary>Sum keeping the first operand's format, as <c>Quantity.Add</c> does.</summary>
    public QuantityValue Plus(QuantityValue other) => this with { Value = Value + other.Value };

    /// <summary>The canonical text (<c>Quantity.String()</c> after arithmetic): 10Gi, 1536Mi, 1500M, 10G, 3.</summary>
    public override string ToString()
    {
        if (Binary && Value == decimal.Truncate(Value) && Math.Abs(Value) >= 1024)
        {
            string[] suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
            var amount = Value;
            var i = 0;
            while (i < suffixes.Length - 1 && amount % 1024 == 0)
            {
                amount /= 1024;
                i++;
            }
            return amount.ToString(CultureInfo.InvariantCulture) + suffixes[i];
        }
        return Decimal(Value);
    }

    private static string Decimal(decimal value)
    {
        if (value == 0)
        {
            return "0";
        }
        string[] up = ["", "k", "M", "G", "T", "P", "E"];
        string[] down = ["", "m", "u", "n"];
        if (value == decimal.Truncate(value))
        {
            var i = 0;
            while (i < up.Length - 1 && value % 1000 == 0)
            {
                value /= 1000;
                i++;
            }
            return value.ToString(CultureInfo.InvariantCulture) + up[i];
        }
        var j = 0;
        while (j < down.Length - 1 && value != decimal.Truncate(value))
        {
            value *= 1000;
            j++;
        }
        // Quantities are rounded up to nano units, as the apiserver keeps them.
        return decimal.Ceiling(value).ToString(CultureInfo.InvariantCulture) + down[j];
    }

    private static bool IsBinary(string text) => text.TrimEnd().EndsWith('i');
}
