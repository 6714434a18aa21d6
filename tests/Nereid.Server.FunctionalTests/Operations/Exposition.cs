using System.Text.RegularExpressions;

namespace Nereid.Server.FunctionalTests.Operations;

/// <summary>The families (with their TYPE) and series (name and label keys) of a Prometheus text exposition.</summary>
public sealed partial class Exposition
{
    private Exposition(Dictionary<string, string> types, Dictionary<string, HashSet<string>> series)
    {
        Types = types;
        Series = series;
    }

    /// <summary>TYPE of each family.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Each series name with its label-key sets, written as sorted comma-joined keys ("-" for none).</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Series { get; }

    public static Exposition Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var series = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#'))
                continue;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var name = brace >= 0 && brace < space ? line[..brace] : line[..space];
            var keys = brace >= 0 && brace < space
                ? LabelKey().Matches(line[brace..line.LastIndexOf('}')]).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList()
                : [];
            if (!series.TryGetValue(name, out var sets))
                series[name] = sets = new HashSet<string>(StringComparer.Ordinal);
            sets.Add(Keys(keys));
        }
        return new Exposition(types, series);
    }

    public static string Keys(IEnumerable<string> keys) => keys.Any() ? string.Join(',', keys.Order(StringComparer.Ordinal)) : "-";

    /// <summary>True when a series <paramref name="name"/> with exactly these label keys is served.</summary>
    public bool Has(string name, string keys) => Series.TryGetValue(name, out var sets) && sets.Contains(keys);

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=""(?:[^""\\]|\\.)*""")]
    private static partial Regex LabelKey();
}
