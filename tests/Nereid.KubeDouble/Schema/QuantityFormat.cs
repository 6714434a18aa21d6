namespace Nereid.KubeDouble.Schema;

/// <summary>Syntax check of <c>resource.Quantity</c> text, following apimachinery's <c>ParseQuantity</c>.</summary>
internal static class QuantityFormat
{
    /// <summary>The text apimachinery returns for any malformed quantity.</summary>
    public const string Error = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private static readonly HashSet<string> Suffixes =
        new(StringComparer.Ordinal) { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E" };

    /// <summary>True when <paramref name="text"/> is a valid quantity such as <c>1</c>, <c>500m</c>, <c>4Gi</c>, <c>1e3</c>.</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        var i = 0;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            i++;
        }

        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }

        return digits > 0 && IsSuffix(text[i..]);
    }

    private static bool IsSuffix(ReadOnlySpan<char> suffix)
    {
        if (suffix.Length > 1 && (suffix[0] == 'e' || suffix[0] == 'E'))
        {
            var exponent = suffix[1..];
            if (exponent[0] == '+' || exponent[0] == '-')
            {
                exponent = exponent[1..];
            }

            return exponent.Length > 0 && !exponent.ContainsAnyExcept("0123456789");
        }

        return Suffixes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(suffix);
    }
}
