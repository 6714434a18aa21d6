using Nereid.Kubernetes.Leader;

namespace Nereid.Server.Leader;

/// <summary>
/// A leader on a row of <c>leader_leases</c> (<see cref="DatabaseLeaseLock"/>): the elector and the shared
/// <see cref="LeaderLoop"/> with the one retry rule, built the same way for every database-lease leader (policy scans,
/// key rotation, the Slurm projection, the ledger import). The renew deadline is two thirds of the lease, and a failed
/// round pauses one renew interval before the next campaign.
/// </summary>
internal sealed class DatabaseLeadership
{
    private readonly LeaderElector _elector;
    private readonly LeaderLoop _loop;

    public DatabaseLeadership(IServiceScopeFactory scopes, string leaseName, TimeSpan leaseDuration, TimeSpan renewInterval, TimeProvider time,
        ILoggerFactory loggers, string? identity = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        Identity = identity is { Length: > 0 } ? identity : NewIdentity();
        var leaseLock = new DatabaseLeaseLock(scopes, leaseName);
        Description = leaseLock.Description;
        _elector = new LeaderElector(leaseLock, new LeaderElectorOptions
        {
            Identity = Identity, LeaseDuration = leaseDuration, RenewDeadline = leaseDuration * 2 / 3, RenewInterval = renewInterval,
        }, time, loggers.CreateLogger<LeaderElector>());
        _loop = new LeaderLoop(_elector, Description, renewInterval, time, loggers.CreateLogger<LeaderLoop>());
    }

    /// <summary>This replica's name in the lease: the host name and a random suffix, so two processes on one host differ.</summary>
    public string Identity { get; }

    /// <summary>The lease, as logs and the leader gauge name it (<c>database:&lt;name&gt;</c>).</summary>
    public string Description { get; }

    /// <summary>True while this replica holds the lease.</summary>
    public bool IsLeader => _elector.IsLeader;

    /// <summary>Campaigns until <paramref name="stopping"/> fires, running <paramref name="lead"/> each time the lease is won.</summary>
    public Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken stopping) => _loop.RunAsync(lead, stopping);

    /// <summary>A fresh identity: the host name and six hex digits.</summary>
    public static string NewIdentity() => $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..6]}";
}
