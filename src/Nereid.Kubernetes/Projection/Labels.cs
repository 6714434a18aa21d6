using System.Text;

namespace Nereid.Kubernetes.Projection;

/// <summary>Kubernetes name and label-value rules the projection needs.</summary>
public static class Labels
{
    /// <summary>True for a DNS-1123 label: 1–63 of a-z, 0-9, '-', starting and ending alphanumeric.</summary>
    public static bool IsDnsLabel(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 63
        && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && value[0] != '-' && value[^1] != '-';

    /// <summary>
    /// A valid label value from free text: lower case, runs of other characters become one '-', at most 63 characters,
    /// alphanumeric at both ends; <c>unknown</c> when nothing is left.
    /// </summary>
    public static string Slug(string? text)
    {
        var sb = new StringBuilder();
        foreach (var c in (text ?? "").ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }
        var slug = sb.ToString();
        slug = slug[..Math.Min(63, slug.Length)].Trim('-');
        return slug.Length == 0 ? "unknown" : slug;
    }
}
