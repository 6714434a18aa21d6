namespace Nereid.TestSupport.Processes;

/// <summary>Facts about the operating-system user the tests run as.</summary>
public static class SystemUser
{
    /// <summary>True when the process runs as root (uid 0), read from <c>/proc/self/status</c>.</summary>
    public static bool IsRoot => RealUserId() == 0;

    /// <summary>The login name of the current user.</summary>
    public static string Name => Environment.UserName;

    /// <summary>
    /// Wraps a command so it runs as <paramref name="user"/>: through <c>runuser</c> when root,
    /// unchanged otherwise (already that user, or an unprivileged user who may run it directly).
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Arguments) AsUser(string user, string fileName, IEnumerable<string> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!IsRoot || Name == user)
        {
            return (fileName, arguments.ToList());
        }

        return ("runuser", ["-u", user, "--", fileName, .. arguments]);
    }

    private static int RealUserId()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                return int.Parse(line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("/proc/self/status has no Uid line.");
    }
}
