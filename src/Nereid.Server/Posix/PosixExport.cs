using System.Globalization;
using System.Text;

namespace Nereid.Server.Posix;

/// <summary>Export formats operators' provisioning reads: passwd lines (useradd/newusers, sssd files provider) and CSV.</summary>
internal static class PosixExport
{
    /// <summary>One <c>name:x:uid:gid:gecos:home:shell</c> line per person (newusers(8) reads this with a password field).</summary>
    public static string Passwd(IEnumerable<PosixAccountView> accounts)
    {
        var text = new StringBuilder();
        foreach (var a in accounts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{a.UserName}:x:{a.Uid}:{a.Gid}:{Gecos(a.DisplayName)}:{a.Home}:{a.Shell}\n");
        }

        return text.ToString();
    }

    /// <summary>RFC 4180 CSV with a header line.</summary>
    public static string Csv(IEnumerable<PosixAccountView> accounts)
    {
        var text = new StringBuilder("user_name,uid,gid,home,shell,source,person_id,display_name,email,institution\r\n");
        foreach (var a in accounts)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{a.UserName},{a.Uid},{a.Gid},{Field(a.Home)},{Field(a.Shell)},{a.Source},{a.PersonId},{Field(a.DisplayName)},{Field(a.Email)},{Field(a.Institution)}\r\n");
        }

        return text.ToString();
    }

    // GECOS may not hold ':' (field separator), ',' (sub-field separator) or line breaks.
    private static string Gecos(string name) =>
        new(name.Where(c => c is not (':' or ',' or '\n' or '\r')).ToArray());

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
