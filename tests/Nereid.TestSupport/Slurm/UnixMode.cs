namespace Nereid.TestSupport.Slurm;

/// <summary>chmod for the harness (Slurm, munge and MariaDB only run on Linux, so Windows never gets here).</summary>
internal static class UnixMode
{
    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The Slurm harness runs on Linux only.");
        }

        File.SetUnixFileMode(path, mode);
    }
}
