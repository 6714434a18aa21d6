using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Nereid.Kubernetes.WorkQueue;

namespace Nereid.Kubernetes.Leader;

/// <summary>
/// Campaigns for one lease for as long as the host runs, with one retry rule for every leader in Nereid: leadership
/// lost → campaign again at once; the leader's work failed, ended by itself, or the campaign threw → pause
/// <c>retryPause</c>, then campaign again (without the pause a failing leader would spin, since the elector hands a
/// replica its own lease straight back). While leading, <c>leader_election_master_status{name}</c> is 1.
/// </summary>
public sealed partial class LeaderLoop
{
    private static readonly Meter Meter = new(ControllerMetrics.MeterName);
    // Per loop, so two loops on one lease in a process (replicas in tests) never overwrite each other's state.
    private static readonly ConcurrentDictionary<LeaderLoop, int> Leading = new();

    private readonly ILeaderElector _elector;
    private readonly string _name;
    private readonly TimeSpan _retryPause;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    static LeaderLoop()
    {
        Meter.CreateObservableGauge("leader_election_master_status",
            () => Leading.GroupBy(l => l.Key._name, StringComparer.Ordinal)
                .Select(g => new Measurement<int>(g.Max(l => l.Value), new KeyValuePair<string, object?>("name", g.Key))),
            description: "1 while this process leads the named lease, else 0.");
    }

    /// <summary>A loop over <paramref name="elector"/>; <paramref name="name"/> labels the leader gauge and logs.</summary>
    public LeaderLoop(ILeaderElector elector, string name, TimeSpan retryPause, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(elector);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _elector = elector;
        _name = name;
        _retryPause = retryPause;
        _time = time;
        _logger = logger;
    }

    /// <summary>True while this replica leads.</summary>
    public bool IsLeader => _elector.IsLeader;

    /// <summary>Campaigns until <paramref name="stopping"/> fires, running <paramref name="lead"/> each time leadership is won.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(lead);
        Leading[this] = 0;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var pause = false;
                try
                {
                    await _elector.RunAsync(new LeaderCallbacks(async leading =>
                    {
                        pause = !await LeadAsync(lead, leading);
                    }), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    LogCampaignFailed(_logger, ex, _name, _retryPause.TotalSeconds);
                    pause = true;
                }
                if (pause)
                {
                    await Task.Delay(_retryPause, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            Leading.TryRemove(this, out _);
        }
    }

    /// <summary>Runs the leader's work; false when it failed or ended while still leading.</summary>
    private async Task<bool> LeadAsync(Func<CancellationToken, Task> lead, CancellationToken leading)
    {
        Leading[this] = 1;
        try
        {
            await lead(leading).ConfigureAwait(false);
            if (!leading.IsCancellationRequested)
            {
                LogWorkEnded(_logger, _name, _retryPause.TotalSeconds);
                return false;
            }
            return true;
        }
        catch (Exception ex) when (!leading.IsCancellationRequested)
        {
            LogWorkFailed(_logger, ex, _name, _retryPause.TotalSeconds);
            return false;
        }
        catch (OperationCanceledException)
        {
            // Leadership ended; the elector decides what happens next.
            return true;
        }
        finally
        {
            Leading[this] = 0;
        }
    }

    [LoggerMessage(EventId = 1410, Level = LogLevel.Error, Message = "The work leading {Lease} failed; stepping down and campaigning again in {Seconds} s")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception, string lease, double seconds);

    [LoggerMessage(EventId = 1411, Level = LogLevel.Warning, Message = "The work leading {Lease} ended by itself; campaigning again in {Seconds} s")]
    private static partial void LogWorkEnded(ILogger logger, string lease, double seconds);

    [LoggerMessage(EventId = 1412, Level = LogLevel.Error, Message = "The campaign for {Lease} failed; trying again in {Seconds} s")]
    private static partial void LogCampaignFailed(ILogger logger, Exception exception, string lease, double seconds);
}
