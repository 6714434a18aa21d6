using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// One cluster for the <c>reconcile</c> scenario: a fresh Kubernetes API double in its own process (schema validation,
/// RBAC and logging off), a client capped at <c>inflight</c> requests whose requests are counted here, and Nereid's
/// controller for that cluster over the shared database (everything that touches the controller is in
/// <c>ReconcileRig.Controller.cs</c>). <see cref="UntilDoneAsync"/> waits for keys to finish a pass.
/// </summary>
internal sealed partial class ReconcileRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly CountingHandler _counter;
    private Task _running = Task.CompletedTask;
    private long _doneCount;
    private long _doneTarget = long.MaxValue;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ReconcileRig(KubeDoubleProcess kube, KubeClusterConnection connection, KubeClient client, CountingHandler counter, CancellationTokenSource stop)
    {
        Kube = kube;
        Connection = connection;
        Client = client;
        _counter = counter;
        _stop = stop;
    }

    public KubeDoubleProcess Kube { get; }
    public KubeClusterConnection Connection { get; }
    public KubeClient Client { get; }
    private ConcurrentDictionary<string, bool> Done { get; } = new(StringComparer.Ordinal);

    /// <summary>HTTP requests Nereid's client has sent to this double so far.</summary>
    public long Requests => _counter.Requests;

    /// <summary>GET requests among <see cref="Requests"/> (the informers' lists and watches).</summary>
    public long Gets => _counter.Gets;

    /// <summary>Requests in flight on average and their latency since the last call (see <see cref="CountingHandler.TakeConcurrency"/>).</summary>
    public Concurrency TakeConcurrency() => _counter.TakeConcurrency();

    public static async Task<ReconcileRig> StartAsync(string cluster, IServiceScopeFactory scopes, int inflight, int workers, TimeSpan latency, bool http2,
        IReadOnlyList<string> faults, CancellationToken cancellationToken)
    {
        var started = await DoubleCluster.StartAsync(latency, inflight, cancellationToken, faults, http2: http2);
        var rig = new ReconcileRig(started.Kube, started.Connection, started.Client, started.Counter, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
        try
        {
            rig._running = await rig.StartControllerAsync(cluster, scopes, workers, rig._stop.Token);
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
        return rig;
    }

    /// <summary>
    /// Waits until <paramref name="count"/> distinct keys finished a pass since the last <see cref="ClearDone"/>, then
    /// flushes the status rows. Signalled by the passes themselves: polling cost this process CPU during the measurement.
    /// </summary>
    public async Task UntilDoneAsync(int count, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _doneTarget, count);
        if (Interlocked.Read(ref _doneCount) >= count)
        {
            _reached.TrySetResult();
        }
        await _reached.Task.WaitAsync(cancellationToken);
        var flush = System.Diagnostics.Stopwatch.StartNew();
        await FlushStatusAsync(cancellationToken);
        LastFlush = flush.Elapsed;
    }

    /// <summary>How long the status flush at the end of the last <see cref="UntilDoneAsync"/> took.</summary>
    public TimeSpan LastFlush { get; private set; }

    /// <summary>Forgets which keys finished a pass (before the next measured round).</summary>
    public void ClearDone()
    {
        Volatile.Write(ref _doneTarget, long.MaxValue);
        Done.Clear();
        Interlocked.Exchange(ref _doneCount, 0);
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private void MarkDone(string key)
    {
        if (Done.TryAdd(key, true) && Interlocked.Increment(ref _doneCount) >= Volatile.Read(ref _doneTarget))
        {
            _reached.TrySetResult();
        }
    }

    public static async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopControllerAsync();
        Client.Dispose();
        if (_ownsKube)
            await Kube.DisposeAsync();
        _stop.Dispose();
    }
}
