using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nereid.Domain.People;

/// <summary>Rules for POSIX user names: lower-case, start with a letter or underscore, then letters, digits, <c>_ . -</c>; at most 32.</summary>
public static partial class PosixUserNames
{
    /// <summary>True when <paramref name="name"/> is a user name useradd and Slurm both accept.</summary>
    public static bool IsValid(string? name) => name is not null && Valid().IsMatch(name);

    /// <summary>
    /// The user name a claim value suggests: the part before <c>@</c> (an eppn or an email), lower-cased, other
    /// characters dropped, cut to the limit; null when nothing usable is left (then Nereid assigns one).
    /// </summary>
    public static string? FromClaim(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var local = value.Trim();
        var at = local.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            local = local[..at];
        }

        var kept = new StringBuilder();
        foreach (var c in local.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-')
            {
                kept.Append(c);
            }
        }

        var name = kept.ToString().TrimStart('.', '-');
        if (name.Length > 0 && char.IsAsciiDigit(name[0]))
        {
            name = "_" + name;
        }

        name = name.Length > PosixAccount.MaxUserNameLength ? name[..PosixAccount.MaxUserNameLength] : name;
        return IsValid(name) ? name : null;
    }

    /// <summary>The name Nereid assigns when no claim gives one: <paramref name="prefix"/> followed by the uid.</summary>
    public static string Assigned(string prefix, int uid) => prefix + uid.ToString(CultureInfo.InvariantCulture);

    /// <summary><paramref name="candidate"/> if free, else the first of <c>candidate2</c>, <c>candidate3</c>… that is (cut to fit the limit).</summary>
    public static string MakeUnique(string candidate, Func<string, bool> isTaken)
    {
        ArgumentNullException.ThrowIfNull(isTaken);
        if (!isTaken(candidate))
        {
            return candidate;
        }

        for (var n = 2; ; n++)
        {
            var suffix = n.ToString(CultureInfo.InvariantCulture);
            var stem = candidate.Length + suffix.Length > PosixAccount.MaxUserNameLength
                ? candidate[..(PosixAccount.MaxUserNameLength - suffix.Length)]
                : candidate;
            if (!isTaken(stem + suffix))
            {
                return stem + suffix;
            }
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_.-]{0,31}$")]
    private static partial Regex Valid();
}
