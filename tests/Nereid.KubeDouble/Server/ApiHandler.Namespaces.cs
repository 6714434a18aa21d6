using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Nereid.KubeDouble.Server;

/// <summary>
/// The namespace controller, simplified (SEMANTICS.md §7): a terminating namespace is emptied — every namespaced object
/// deleted, those with finalizers waited for — and retried until nothing is left; then spec.finalizers is cleared and
/// the namespace vanishes. Like the real controller it is driven by state, not by the one DELETE that started it: a
/// resync finds every terminating namespace without a running finalizer (a failed pass is retried, never lost), and
/// its pacing follows the real clock, so a test clock that is never advanced cannot leave a namespace Terminating.
/// </summary>
public sealed partial class ApiHandler
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, byte> _finalizing = new(StringComparer.Ordinal);

    /// <summary>Starts emptying <paramref name="ns"/> unless a finalizer for it runs already.</summary>
    private void StartNamespaceFinalizer(string ns)
    {
        if (_finalizing.TryAdd(ns, 0))
        {
            _ = Task.Run(() => FinalizeNamespaceAsync(ns, _lifetime), CancellationToken.None);
        }
    }

    /// <summary>The controller's resync: every terminating namespace gets a finalizer, whatever happened to the last one.</summary>
    private async Task ResyncNamespacesAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ResyncInterval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var nsResource = _catalog.Find("", "v1", "namespaces")!;
                foreach (var (_, ns) in _store.List(nsResource, null).Items)
                {
                    if (ns["metadata"]?["deletionTimestamp"] is not null)
                    {
                        StartNamespaceFinalizer(JsonIo.Str(ns["metadata"]!["name"])!);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The double is shutting down.
        }
    }

    private async Task FinalizeNamespaceAsync(string ns, CancellationToken ct)
    {
        try
        {
            await Task.Delay(_options.NamespaceFinalizeDelay, TimeProvider.System, ct);
            while (IsTerminating(ns) && DeleteNamespaceContent(ns) > 0)
            {
                await Task.Delay(RetryInterval, TimeProvider.System, ct);
            }
            ClearNamespaceFinalizer(ns);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The double is shutting down.
        }
        catch (Exception e)
        {
            // Never silent: the namespace stays Terminating, and the resync starts a new finalizer for it.
            LogNamespaceFinalizeFailed(_logger, ns, e);
        }
        finally
        {
            _finalizing.TryRemove(ns, out _);
        }
    }

    private bool IsTerminating(string ns) =>
        _store.Get(_catalog.Find("", "v1", "namespaces")!, "", ns)?["metadata"]?["deletionTimestamp"] is not null;

    /// <summary>One pass over every namespaced kind: deletes what is there and returns how many objects were seen.</summary>
    private int DeleteNamespaceContent(string ns)
    {
        var remaining = 0;
        foreach (var r in _catalog.All.Where(x => x.Namespaced && !x.IsReview))
        {
            foreach (var (_, obj) in _store.List(r, ns).Items)
            {
                remaining++;
                try
                {
                    DeleteOne(r, ns, JsonIo.Str(obj["metadata"]?["name"])!, null, false);
                }
                catch (ApiException e) when (e.Code is 404 or 409)
                {
                    // Gone or changed meanwhile; the next pass sees the current state.
                }
            }
        }
        return remaining;
    }

    /// <summary>The finalize step: spec.finalizers emptied; with no metadata.finalizers left the namespace is removed.</summary>
    private void ClearNamespaceFinalizer(string ns)
    {
        var nsResource = _catalog.Find("", "v1", "namespaces")!;
        while (_store.Get(nsResource, "", ns) is { } current)
        {
            if (current["metadata"]?["deletionTimestamp"] is null)
            {
                return;
            }
            var next = current.DeepClone().AsObject();
            next["spec"] = new JsonObject { ["finalizers"] = new JsonArray() };
            JsonIo.Materialize(next);
            if (_store.TryCommit(nsResource, "", ns, current, IsFinalized(nsResource, next) ? null : next, out _))
            {
                LogNamespaceFinalized(_logger, ns);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Namespace {Namespace} finalized")]
    private static partial void LogNamespaceFinalized(ILogger logger, string @namespace);

    [LoggerMessage(Level = LogLevel.Error, Message = "Finalizing namespace {Namespace} failed; the resync retries it")]
    private static partial void LogNamespaceFinalizeFailed(ILogger logger, string @namespace, Exception exception);
}
