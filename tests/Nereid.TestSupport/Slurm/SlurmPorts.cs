namespace Nereid.TestSupport.Slurm;

/// <summary>The loopback ports one harness instance uses, all chosen free at start.</summary>
/// <param name="MariaDb">MariaDB (slurmdbd's storage).</param>
/// <param name="Slurmdbd">slurmdbd.</param>
/// <param name="Slurmctld">slurmctld.</param>
/// <param name="Slurmd">the one compute node's slurmd.</param>
/// <param name="Slurmrestd">slurmrestd (HTTP).</param>
public sealed record SlurmPorts(int MariaDb, int Slurmdbd, int Slurmctld, int Slurmd, int Slurmrestd)
{
    internal static SlurmPorts PickFree()
    {
        var p = Processes.FreePort.Get(5);
        return new SlurmPorts(p[0], p[1], p[2], p[3], p[4]);
    }
}
