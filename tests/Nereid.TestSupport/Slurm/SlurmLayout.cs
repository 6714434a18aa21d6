namespace Nereid.TestSupport.Slurm;

/// <summary>The folders and files of one harness instance under its temp root.</summary>
internal sealed class SlurmLayout(string root)
{
    public string Root { get; } = root;
    public string Etc => Path.Combine(Root, "etc");
    public string Logs => Path.Combine(Root, "log");
    public string State => Path.Combine(Root, "state");
    public string Spool => Path.Combine(Root, "spool");
    public string Devices => Path.Combine(Root, "dev");
    public string MungeDirectory => Path.Combine(Root, "munge");
    public string MungeKeyDirectory => Path.Combine(Root, "munge-key");
    public string MungeKey => Path.Combine(MungeKeyDirectory, "munge.key");
    public string MungeSocket => Path.Combine(MungeDirectory, "munge.socket");
    public string MariaDbData => Path.Combine(Root, "mariadb");
    public string MariaDbSocket => Path.Combine(MariaDbData, "mysqld.sock");
    public string JwtKey => Path.Combine(State, "jwt.key");
    public string SlurmConf => Path.Combine(Etc, "slurm.conf");
    public string SlurmdbdConf => Path.Combine(Etc, "slurmdbd.conf");
    public string PidList => Path.Combine(Root, "daemons.pid");

    /// <summary>Creates the folders: the root and etc readable by everyone (test users run sbatch), munge's key private.</summary>
    public void Create()
    {
        foreach (var dir in new[] { Root, Etc, Logs, State, Spool, Devices, MungeDirectory, MungeKeyDirectory, MariaDbData })
        {
            Directory.CreateDirectory(dir);
        }

        const UnixFileMode open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        UnixMode.Set(Root, open);
        UnixMode.Set(Etc, open);
        UnixMode.Set(MungeDirectory, open);
        UnixMode.Set(MungeKeyDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The last lines of every log, for an exception message when a daemon fails to start.</summary>
    public string Tail()
    {
        if (!Directory.Exists(Logs))
        {
            return "";
        }

        return string.Join("\n", Directory.GetFiles(Logs).Order(StringComparer.Ordinal).Select(f =>
            $"== {Path.GetFileName(f)}\n" + string.Join("\n", File.ReadLines(f).TakeLast(15))));
    }
}
