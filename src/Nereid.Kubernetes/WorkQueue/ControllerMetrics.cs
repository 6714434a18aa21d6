using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Nereid.Kubernetes.WorkQueue;

/// <summary>
/// Reconcile and work-queue metrics of one controller in one cluster, named as controller-runtime and client-go name
/// them (<c>controller_runtime_reconcile_total{result}</c>, <c>workqueue_depth</c>, …) so existing dashboards and
/// alerts apply; every series carries <c>controller</c> and <c>cluster</c> (and <c>name</c> on queue series, as
/// client-go's workqueue does).
/// </summary>
public sealed class ControllerMetrics : IDisposable
{
    /// <summary>The meter every instrument belongs to.</summary>
    public const string MeterName = "Nereid.Controllers";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<ControllerMetrics, Func<int>> Depths = new();
    private static readonly Counter<long> ReconcileTotal = Meter.CreateCounter<long>("controller_runtime_reconcile_total",
        description: "Reconcile passes by result (success, error, requeue, requeue_after).");
    private static readonly Counter<long> ReconcileErrors = Meter.CreateCounter<long>("controller_runtime_reconcile_errors_total",
        description: "Reconcile passes that returned an error.");
    private static readonly Counter<long> TerminalErrors = Meter.CreateCounter<long>("controller_runtime_terminal_reconcile_errors_total",
        description: "Reconcile passes that failed for good (not retried).");
    private static readonly Histogram<double> ReconcileTime = Meter.CreateHistogram<double>("controller_runtime_reconcile_time_seconds", "s",
        "Duration of reconcile passes.");
    private static readonly UpDownCounter<int> ActiveWorkers = Meter.CreateUpDownCounter<int>("controller_runtime_active_workers",
        description: "Workers currently running a pass.");
    private static readonly Counter<long> Adds = Meter.CreateCounter<long>("workqueue_adds_total", description: "Keys added to the work queue.");
    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("workqueue_retries_total", description: "Keys re-added with backoff after a failure.");
    private static readonly Histogram<double> QueueDuration = Meter.CreateHistogram<double>("workqueue_queue_duration_seconds", "s",
        "How long a key waited in the queue before a worker took it.");
    private static readonly Histogram<double> WorkDuration = Meter.CreateHistogram<double>("workqueue_work_duration_seconds", "s",
        "How long a worker held a key.");

    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly KeyValuePair<string, object?>[] _queueTags;

    static ControllerMetrics()
    {
        Meter.CreateObservableGauge("workqueue_depth", ObserveDepths, description: "Keys waiting in the work queue.");
    }

    /// <summary>Metrics for <paramref name="controller"/> reconciling <paramref name="cluster"/>.</summary>
    public ControllerMetrics(string controller, string cluster)
    {
        ArgumentException.ThrowIfNullOrEmpty(controller);
        ArgumentNullException.ThrowIfNull(cluster);
        Controller = controller;
        Cluster = cluster;
        _tags = [new("controller", controller), new("cluster", cluster)];
        _queueTags = [new("controller", controller), new("cluster", cluster), new("name", controller)];
    }

    /// <summary>The controller's name (e.g. <c>namespaces</c>).</summary>
    public string Controller { get; }

    /// <summary>The cluster it reconciles.</summary>
    public string Cluster { get; }

    /// <summary>Reports the depth of the queue these metrics describe until disposed.</summary>
    public void ObserveDepth(Func<int> depth) => Depths[this] = depth;

    /// <summary>Stops reporting the queue depth.</summary>
    public void Dispose() => Depths.TryRemove(this, out _);

    internal void Added() => Adds.Add(1, _queueTags);

    internal void Retried() => Retries.Add(1, _queueTags);

    internal void Waited(TimeSpan queued) => QueueDuration.Record(queued.TotalSeconds, _queueTags);

    internal void Worked(TimeSpan held) => WorkDuration.Record(held.TotalSeconds, _queueTags);

    internal void WorkerStarted() => ActiveWorkers.Add(1, _tags);

    internal void WorkerFinished() => ActiveWorkers.Add(-1, _tags);

    internal void Reconciled(string result, TimeSpan took)
    {
        ReconcileTotal.Add(1, [.. _tags, new("result", result)]);
        ReconcileTime.Record(took.TotalSeconds, _tags);
        if (result == "error")
        {
            ReconcileErrors.Add(1, _tags);
        }
    }

    internal void Terminal() => TerminalErrors.Add(1, _tags);

    private static IEnumerable<Measurement<int>> ObserveDepths()
    {
        foreach (var (metrics, depth) in Depths)
        {
            yield return new Measurement<int>(depth(), metrics._queueTags);
        }
    }
}
