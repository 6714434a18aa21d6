using System.Globalization;

namespace Nereid.TestSupport.Slurm;

/// <summary>
/// Writes slurm.conf, slurmdbd.conf and gres.conf for one private cluster: every daemon on 127.0.0.1,
/// munge at our own socket, JWT as the alternative authentication (slurmrestd forwards tokens), accounting
/// enforced (associations, limits, QOS) so membership and quotas are Slurm's to refuse, and one node with
/// four CPUs, 4 GiB and two "a100" GPUs backed by character devices that exist everywhere.
/// </summary>
internal static class SlurmConfigFiles
{
    public const string NodeName = "nereid-node1";
    public const string Partition = "batch";
    public const int NodeCpus = 4;
    public const int NodeMemoryMb = 4096;
    public const int NodeGpus = 2;
    public const string GpuType = "a100";

    public static void Write(SlurmLayout layout, SlurmPorts ports, string clusterName, string databasePassword)
    {
        var slurmConf = string.Create(CultureInfo.InvariantCulture, $"""
            ClusterName={clusterName}
            SlurmctldHost=localhost(127.0.0.1)
            SlurmctldPort={ports.Slurmctld}
            SlurmdPort={ports.Slurmd}
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            AuthInfo=socket={layout.MungeSocket}
            AuthAltTypes=auth/jwt
            AuthAltParameters=jwt_key={layout.JwtKey}
            CredType=cred/munge
            StateSaveLocation={layout.State}
            SlurmdSpoolDir={layout.Spool}
            SlurmctldPidFile={layout.State}/slurmctld.pid
            SlurmdPidFile={layout.Spool}/slurmd.pid
            SlurmctldLogFile={layout.Logs}/slurmctld.log
            SlurmdLogFile={layout.Logs}/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/slurmdbd
            AccountingStorageHost=127.0.0.1
            AccountingStoragePort={ports.Slurmdbd}
            AccountingStoragePass={layout.MungeSocket}
            AccountingStorageEnforce=associations,limits,qos,safe
            AccountingStorageTRES=gres/gpu,gres/gpu:{GpuType}
            GresTypes=gpu
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core_Memory
            SchedulerType=sched/backfill
            SchedulerParameters=sched_interval=2
            SlurmdParameters=config_overrides
            DefMemPerCPU=128
            ReturnToService=2
            MpiDefault=none
            MinJobAge=10
            NodeName={NodeName} NodeHostname=localhost NodeAddr=127.0.0.1 CPUs={NodeCpus} RealMemory={NodeMemoryMb} Gres=gpu:{GpuType}:{NodeGpus} State=UNKNOWN
            PartitionName={Partition} Nodes={NodeName} Default=YES MaxTime=INFINITE State=UP

            """);
        File.WriteAllText(layout.SlurmConf, slurmConf);

        // slurmd refuses file-less GPUs and files that are not devices; links to /dev/null and /dev/zero
        // stand in for two GPUs without needing mknod.
        File.CreateSymbolicLink(Path.Combine(layout.Devices, "nvidia0"), "/dev/null");
        File.CreateSymbolicLink(Path.Combine(layout.Devices, "nvidia1"), "/dev/zero");
        File.WriteAllText(Path.Combine(layout.Etc, "gres.conf"), $"""
            AutoDetect=off
            NodeName={NodeName} Name=gpu Type={GpuType} File={layout.Devices}/nvidia0
            NodeName={NodeName} Name=gpu Type={GpuType} File={layout.Devices}/nvidia1

            """);

        // slurmdbd insists its config (it holds the database password) is private to SlurmUser.
        File.WriteAllText(layout.SlurmdbdConf, string.Create(CultureInfo.InvariantCulture, $"""
            AuthType=auth/munge
            AuthInfo=socket={layout.MungeSocket}
            AuthAltTypes=auth/jwt
            AuthAltParameters=jwt_key={layout.JwtKey}
            DbdHost=localhost
            DbdAddr=127.0.0.1
            DbdPort={ports.Slurmdbd}
            SlurmUser=root
            StorageType=accounting_storage/mysql
            StorageHost=127.0.0.1
            StoragePort={ports.MariaDb}
            StorageUser=slurm
            StoragePass={databasePassword}
            StorageLoc=slurm_acct_db
            LogFile={layout.Logs}/slurmdbd.log
            PidFile={layout.State}/slurmdbd.pid

            """));
        UnixMode.Set(layout.SlurmdbdConf, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
