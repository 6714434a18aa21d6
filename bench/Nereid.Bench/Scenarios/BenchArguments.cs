using System.Globalization;

namespace Nereid.Bench.Scenarios;

/// <summary>Reads <c>--name value</c> options from a scenario's arguments, with defaults.</summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses <paramref name="args"/>; every option must be <c>--name value</c>.</summary>
    /// <exception cref="ArgumentException">An argument is not of that form.</exception>
    public BenchArguments(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' at '{args[i]}'.", nameof(args));
            }

            _values[args[i][2..]] = args[i + 1];
        }
    }

    /// <summary>The integer option <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The option <paramref name="name"/> as seconds (fractions allowed), or <paramref name="fallback"/>.</summary>
    public TimeSpan Seconds(string name, TimeSpan fallback) =>
        _values.TryGetValue(name, out var v) ? TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)) : fallback;

    /// <summary>The string option <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public string? String(string name, string? fallback = null) => _values.GetValueOrDefault(name, fallback!);
}
