using System.Globalization;

namespace Nereid.TestSupport.Slurm;

public sealed partial class SlurmCluster
{
    /// <summary>
    /// CPU seconds (user + system) each daemon has used so far, by program name (mariadbd, slurmdbd, slurmrestd…), read from
    /// <c>/proc/&lt;pid&gt;/stat</c>: the benchmark subtracts two readings to see which daemon a pass kept busy.
    /// </summary>
    public IReadOnlyDictionary<string, double> DaemonCpuSeconds()
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pid in _pids)
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                continue;
            }

            // Fields after the parenthesised command: state is field 3, utime 14 and stime 15 (proc(5)), in clock ticks.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var name = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            seconds[name] = seconds.GetValueOrDefault(name) + ticks / ClockTicksPerSecond;
        }

        return seconds;
    }

    // USER_HZ is 100 on every Linux architecture .NET runs on.
    private const double ClockTicksPerSecond = 100;
}
