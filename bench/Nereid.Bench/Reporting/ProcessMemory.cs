using System.Globalization;

namespace Nereid.Bench.Reporting;

/// <summary>Resident memory of a process, read from <c>/proc/&lt;pid&gt;/status</c> (Linux only).</summary>
public static class ProcessMemory
{
    /// <summary>The VmRSS of <paramref name="pid"/> (default: this process) in megabytes (MiB).</summary>
    /// <exception cref="InvalidOperationException">The status file has no VmRSS line (e.g. a zombie process).</exception>
    public static double RssMegabytes(int? pid = null)
    {
        var path = pid is { } p ? string.Create(CultureInfo.InvariantCulture, $"/proc/{p}/status") : "/proc/self/status";
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:	   123456 kB"
                var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }

        throw new InvalidOperationException($"{path} has no VmRSS line.");
    }
}
