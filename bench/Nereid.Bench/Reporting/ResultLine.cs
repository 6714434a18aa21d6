using System.Globalization;
using System.Text;

namespace Nereid.Bench.Reporting;

/// <summary>
/// The machine-readable outcome of a run: <c>RESULT &lt;scenario&gt; key=value …</c>, printed as the very last line.
/// Numbers are invariant with at most two decimals; text values have whitespace replaced by '_'.
/// </summary>
public static class ResultLine
{
    /// <summary>Formats the line without printing it.</summary>
    public static string Format(string scenario, params (string Key, object Value)[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(scenario);
        ArgumentNullException.ThrowIfNull(values);
        var line = new StringBuilder("RESULT ").Append(scenario);
        foreach (var (key, value) in values)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            line.Append(' ').Append(key).Append('=').Append(FormatValue(value));
        }

        return line.ToString();
    }

    /// <summary>Prints the line to stdout and flushes; call it last.</summary>
    public static void Print(string scenario, params (string Key, object Value)[] values)
    {
        Console.Out.WriteLine(Format(scenario, values));
        Console.Out.Flush();
    }

    private static string FormatValue(object value) => value switch
    {
        double d => Math.Round(d, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture),
        float f => FormatValue((double)f),
        decimal m => Math.Round(m, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        null => "",
        _ => string.Join('_', (value.ToString() ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
    };
}
