using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Runtime;

/// <summary>
/// The skeleton every controller that writes to its cluster shares: it runs on the leader only, counts what it
/// applied, deleted and how many passes it completed (tests and the bench read the counts to prove a resync writes
/// nothing), and runs its passes in <see cref="ControllerLoop"/>, where a failure the cluster or the database caused
/// is logged with the controller's and the cluster's names and retried at the next wake-up.
/// </summary>
/// <param name="time">The clock of the loop's waits.</param>
/// <param name="logger">The derived controller's logger.</param>
internal abstract partial class WritingController(TimeProvider time, ILogger logger) : IClusterController
{
    private long _applies;
    private long _deletes;
    private long _passes;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The injected clock, for the derived controller's own waits and times.</summary>
    protected TimeProvider Time { get; } = time;

    /// <inheritdoc />
    public bool NeedsLeadership => true;

    /// <summary>Server-side applies sent so far (creations, repairs, marks).</summary>
    public long Applies => Interlocked.Read(ref _applies);

    /// <summary>Objects deleted so far.</summary>
    public long Deletes => Interlocked.Read(ref _deletes);

    /// <summary>Passes completed so far (over every cluster).</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <inheritdoc />
    public abstract Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken);

    /// <summary>The failures a pass may meet when the cluster or the database does not answer.</summary>
    protected static bool ClusterOrDatabaseFailed(Exception ex) =>
        ex is KubeApiException or HttpRequestException or DbUpdateException or DbException;

    /// <summary>Counts one server-side apply.</summary>
    protected void CountApply() => Interlocked.Increment(ref _applies);

    /// <summary>Counts one deletion.</summary>
    protected void CountDelete() => Interlocked.Increment(ref _deletes);

    /// <summary>Counts one completed pass.</summary>
    protected void CountPass() => Interlocked.Increment(ref _passes);

    /// <summary>
    /// Runs <paramref name="passAsync"/> in <see cref="ControllerLoop"/> on <paramref name="runtime"/>'s cluster until
    /// <paramref name="cancellationToken"/> fires; a failure <paramref name="transient"/> accepts is logged and retried
    /// after <paramref name="retryAfter"/> (or an informer's change), any other ends the loop.
    /// </summary>
    protected Task LoopAsync<T>(ClusterRuntime runtime, IReadOnlyCollection<Informer<T>> informers,
        Func<CancellationToken, Task<TimeSpan>> passAsync, TimeSpan retryAfter, Func<Exception, bool> transient, CancellationToken cancellationToken)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(transient);
        return ControllerLoop.RunAsync(informers, Time, passAsync, retryAfter, ex =>
        {
            if (!transient(ex))
            {
                return false;
            }
            LogPassFailed(logger, Name, runtime.Name, ex.Message);
            return true;
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller {Controller} pass on cluster {Cluster} failed: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string controller, string cluster, string reason);
}
