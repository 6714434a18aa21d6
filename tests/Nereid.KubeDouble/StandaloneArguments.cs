using System.Globalization;
using Nereid.KubeDouble.Faults;

namespace Nereid.KubeDouble;

/// <summary>Parsing of the standalone mode's option values that are more than a number or a word.</summary>
internal static class StandaloneArguments
{
    /// <summary><c>verb:rate:kind</c>, e.g. <c>patch:0.1:TooManyRequests</c> (kind as in <see cref="FaultKind"/>).</summary>
    public static (string Verb, VerbFault Fault) ParseFault(string value)
    {
        var parts = value.Split(':');
        if (parts.Length != 3 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
            || !Enum.TryParse<FaultKind>(parts[2], ignoreCase: true, out var kind))
        {
            throw new FormatException($"--fault '{value}': expected verb:rate:kind, e.g. patch:0.1:TooManyRequests (kinds: {string.Join(", ", Enum.GetNames<FaultKind>())})");
        }
        return (parts[0], new VerbFault(rate, kind));
    }
}
