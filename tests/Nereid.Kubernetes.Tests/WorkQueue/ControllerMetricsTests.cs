using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.WorkQueue;

namespace Nereid.Kubernetes.Tests.WorkQueue;

/// <summary>The queue and loop report controller-runtime's metrics, labelled by controller and cluster.</summary>
public sealed class ControllerMetricsTests : IDisposable
{
    private readonly string _cluster = "metrics-" + Guid.NewGuid().ToString("N")[..8];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentBag<(string Name, double Value, Dictionary<string, string> Tags)> _measurements = [];

    public ControllerMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ControllerMetrics.MeterName)
                l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, string>();
        foreach (var (k, v) in tags)
            map[k] = v?.ToString() ?? "";
        if (map.GetValueOrDefault("cluster") == _cluster)
            _measurements.Add((instrument.Name, value, map));
    }

    private double Sum(string name, string? result = null) =>
        _measurements.Where(m => m.Name == name && (result is null || m.Tags.GetValueOrDefault("result") == result)).Sum(m => m.Value);

    [Fact]
    public async Task ReconcileLoop_PassesByOutcome_CountsResultsQueueAndRetriesWithControllerAndClusterLabels()
    {
        var metrics = new ControllerMetrics("widgets", _cluster);
        using var queue = new WorkQueue<string>(TimeProvider.System, new WorkQueueOptions { BaseDelay = TimeSpan.FromMilliseconds(1), Metrics = metrics });
        var failures = 0;
        var done = new TaskCompletionSource();
        var passes = 0;
        Task<ReconcileResult> Reconcile(string key, CancellationToken ct)
        {
            if (Interlocked.Increment(ref passes) >= 5)
                done.TrySetResult();
            return key switch
            {
                "ok" => Task.FromResult(ReconcileResult.Done),
                "later" => Task.FromResult(ReconcileResult.RequeueAfter(TimeSpan.FromHours(1))),
                "bad" => Task.FromResult(ReconcileResult.Terminal("invalid input")),
                _ => Interlocked.Increment(ref failures) <= 2 ? throw new InvalidOperationException("flaky") : Task.FromResult(ReconcileResult.Done),
            };
        }
        var loop = new ReconcileLoop<string>("widgets", queue, Reconcile, 1, NullLogger<ReconcileLoop<string>>.Instance, metrics);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        queue.Add("ok");
        queue.Add("later");
        queue.Add("bad");
        queue.Add("flaky");
        var running = loop.RunAsync(stop.Token);
        await done.Task.WaitAsync(stop.Token);
        while (Sum("controller_runtime_reconcile_total") < 6)
            await Task.Delay(10, stop.Token);
        _listener.RecordObservableInstruments();
        await stop.CancelAsync();
        await running;

        Sum("controller_runtime_reconcile_total", "success").ShouldBe(2);
        Sum("controller_runtime_reconcile_total", "requeue_after").ShouldBe(1);
        Sum("controller_runtime_reconcile_total", "error").ShouldBe(3);
        Sum("controller_runtime_reconcile_errors_total").ShouldBe(3);
        Sum("controller_runtime_terminal_reconcile_errors_total").ShouldBe(1);
        Sum("workqueue_retries_total").ShouldBe(2);
        Sum("workqueue_adds_total").ShouldBe(6);
        _measurements.Count(m => m.Name == "controller_runtime_reconcile_time_seconds").ShouldBe(6);
        _measurements.Count(m => m.Name == "workqueue_queue_duration_seconds").ShouldBe(6);
        _measurements.Where(m => m.Name == "workqueue_depth").ShouldAllBe(m => m.Tags["name"] == "widgets");
        _measurements.ShouldAllBe(m => m.Tags["controller"] == "widgets");
    }

    [Fact]
    public void WorkQueue_WaitingKeys_ReportsDepthUntilDisposed()
    {
        var metrics = new ControllerMetrics("depth", _cluster);
        var queue = new WorkQueue<string>(TimeProvider.System, new WorkQueueOptions { Metrics = metrics });
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        _listener.RecordObservableInstruments();
        var depth = _measurements.Where(m => m.Name == "workqueue_depth").ToList();
        queue.Dispose();
        _measurements.Clear();
        _listener.RecordObservableInstruments();

        depth.Single().Value.ShouldBe(2);
        _measurements.ShouldNotContain(m => m.Name == "workqueue_depth");
    }

    public void Dispose() => _listener.Dispose();
}
