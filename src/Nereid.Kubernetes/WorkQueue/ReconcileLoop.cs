using Microsoft.Extensions.Logging;

namespace Nereid.Kubernetes.WorkQueue;

/// <summary>
/// Runs a reconcile function over a <see cref="WorkQueue{TKey}"/> with a fixed number of workers. Results map to queue
/// actions: Done forgets the backoff; RequeueAfter re-adds later; an exception backs the key off (rate-limited);
/// <see cref="TerminalException"/> or Terminal forgets the key. Each pass runs in a log scope with controller, key and pass id,
/// and, given <see cref="ControllerMetrics"/>, is counted by result and timed as controller-runtime does.
/// </summary>
public sealed class ReconcileLoop<TKey>
    where TKey : notnull
{
    private readonly string _name;
    private readonly WorkQueue<TKey> _queue;
    private readonly Func<TKey, CancellationToken, Task<ReconcileResult>> _reconcile;
    private readonly int _workers;
    private readonly ILogger<ReconcileLoop<TKey>> _logger;
    private readonly ControllerMetrics? _metrics;
    private readonly TimeProvider _time;
    private long _passes;

    /// <summary>Creates a loop named <paramref name="name"/> (for logs) with <paramref name="workers"/> concurrent passes.</summary>
    public ReconcileLoop(string name, WorkQueue<TKey> queue, Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile, int workers,
        ILogger<ReconcileLoop<TKey>> logger, ControllerMetrics? metrics = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(reconcile);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentNullException.ThrowIfNull(logger);
        _name = name;
        _queue = queue;
        _reconcile = reconcile;
        _workers = workers;
        _logger = logger;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Processes keys until cancelled (then shuts the queue down and waits for passes in flight) or the queue shuts down.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var workers = new Task[_workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkerAsync(cancellationToken);
        }
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            _queue.ShutDown();
        }
    }

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        // Leave the caller's thread at once so N workers really run side by side.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            WorkItem<TKey> item;
            try
            {
                item = await _queue.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            if (item.Shutdown)
            {
                return;
            }
            _metrics?.WorkerStarted();
            try
            {
                await ProcessAsync(item.Key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _metrics?.WorkerFinished();
                _queue.Done(item.Key);
            }
        }
    }

    private async Task ProcessAsync(TKey key, CancellationToken cancellationToken)
    {
        var pass = Interlocked.Increment(ref _passes);
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["Controller"] = _name, ["Key"] = key, ["PassId"] = pass });
        var started = _time.GetTimestamp();
        try
        {
            var result = await _reconcile(key, cancellationToken).ConfigureAwait(false);
            _queue.Forget(key);
            switch (result.Outcome)
            {
                case ReconcileOutcome.RequeueAfter:
                    _queue.AddAfter(key, result.Delay);
                    Count(result.Delay > TimeSpan.Zero ? "requeue_after" : "requeue", started);
                    break;
                case ReconcileOutcome.Terminal:
                    ReconcileLog.Terminal(_logger, _name, key.ToString() ?? "", result.Reason ?? "");
                    Count("error", started);
                    _metrics?.Terminal();
                    break;
                default:
                    Count("success", started);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the key is not lost work, the next leader or start lists everything again.
        }
        catch (TerminalException ex)
        {
            _queue.Forget(key);
            ReconcileLog.Terminal(_logger, _name, key.ToString() ?? "", ex.Message);
            Count("error", started);
            _metrics?.Terminal();
        }
        catch (Exception ex)
        {
            _queue.AddRateLimited(key);
            ReconcileLog.Failed(_logger, ex, _name, key.ToString() ?? "", _queue.NumRequeues(key));
            Count("error", started);
        }
    }

    private void Count(string result, long started) => _metrics?.Reconciled(result, _time.GetElapsedTime(started));
}

internal static partial class ReconcileLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "{Controller} failed to reconcile {Key} (failure {Failures}); backing off")]
    public static partial void Failed(ILogger logger, Exception exception, string controller, string key, int failures);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "{Controller} gave up on {Key}: {Reason}")]
    public static partial void Terminal(ILogger logger, string controller, string key, string reason);
}
