using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Runtime;

/// <summary>
/// The loop of a level-triggered controller on the shared runtime: wait until its informers have listed once, then run a
/// pass, and again whenever one of them reports a change or the interval the pass asked for passes (on the injected
/// clock). A pass that fails for a reason <paramref name="handled"/> accepts (the cluster or the database did not
/// answer) is retried at the next wake-up; anything else ends the loop and the runtime restarts the controller.
/// </summary>
internal static class ControllerLoop
{
    /// <summary>Runs until <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="informers">The shared informers whose changes wake a pass.</param>
    /// <param name="time">The clock of the waits.</param>
    /// <param name="passAsync">One pass; returns how long to wait before the next when nothing wakes it.</param>
    /// <param name="retryAfter">The wait after a handled failure.</param>
    /// <param name="handled">True when the failure is logged and the loop goes on.</param>
    /// <param name="cancellationToken">Leadership lost, cluster removed or shutdown.</param>
    public static async Task RunAsync<T>(IReadOnlyCollection<Informer<T>> informers, TimeProvider time,
        Func<CancellationToken, Task<TimeSpan>> passAsync, TimeSpan retryAfter, Func<Exception, bool> handled, CancellationToken cancellationToken)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(passAsync);
        ArgumentNullException.ThrowIfNull(handled);
        using var wake = new SemaphoreSlim(0);
        var subscriptions = informers.Select(i => i.AddHandler(InformerHandler<T>.ForKeys(_ =>
        {
            // One pending wake-up is enough: the next pass reads every change from the caches.
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }))).ToList();
        try
        {
            foreach (var informer in informers)
            {
                await informer.WaitForSyncAsync(cancellationToken);
            }
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = retryAfter;
                try
                {
                    next = await passAsync(cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && handled(ex))
                {
                    // Logged by the controller; compare again at the next wake-up.
                }
                await WaitAsync(wake, next, time, cancellationToken);
            }
        }
        finally
        {
            subscriptions.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Until an informer reports a change or <paramref name="interval"/> passes.</summary>
    private static async Task WaitAsync(SemaphoreSlim wake, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(interval, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The interval passed: compare again.
        }
    }
}
