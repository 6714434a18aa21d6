namespace Nereid.Domain.Namespaces;

/// <summary>Rules for namespace names: a Kubernetes DNS-1123 label that is not reserved.</summary>
public static class NamespaceName
{
    public const int MaxLength = 63;

    /// <summary>Names no namespace may take, whatever the operator configures.</summary>
    public static readonly IReadOnlyList<string> BuiltInReserved = ["default", "kube-*", "nereid-*"];

    /// <summary>Returns null when <paramref name="name"/> is acceptable, else a message naming the broken rule.</summary>
    public static string? Check(string? name, IEnumerable<string>? extraReserved = null)
    {
        if (string.IsNullOrEmpty(name))
            return "A namespace name is required.";
        if (name.Length > MaxLength)
            return $"A namespace name has at most {MaxLength} characters (DNS-1123 label); '{Shorten(name)}' has {name.Length}.";
        foreach (var c in name)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
                continue;
            if (c is >= 'A' and <= 'Z')
                return "A namespace name must be lower case (DNS-1123 label): use a-z, 0-9 and '-'.";
            if (c == '.')
                return "A namespace name may not contain dots (DNS-1123 label): use a-z, 0-9 and '-'.";
            return $"A namespace name may contain only a-z, 0-9 and '-' (DNS-1123 label); '{c}' is not allowed.";
        }
        if (name[0] == '-' || name[^1] == '-')
            return "A namespace name must start and end with a letter or digit (DNS-1123 label), not '-'.";
        foreach (var pattern in BuiltInReserved.Concat(extraReserved ?? []))
        {
            if (Matches(pattern, name))
                return $"The name '{name}' is reserved (matches '{pattern}'); choose another.";
        }
        return null;
    }

    private static bool Matches(string pattern, string name) =>
        pattern.EndsWith('*')
            ? name.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, name, StringComparison.Ordinal);

    private static string Shorten(string s) => s.Length > 20 ? s[..20] + "…" : s;
}
