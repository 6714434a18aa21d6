using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Watch;

namespace Nereid.Kubernetes.Informers;

/// <summary>
/// Keeps a local cache of one kind in sync with the API server: list (paged), then watch from the list's version;
/// bookmarks advance the version; an expired version (410) relists and delivers only the differences; dropped
/// watches reconnect with backoff; a periodic resync re-delivers everything. Call <see cref="RunAsync"/> once.
/// </summary>
public sealed partial class Informer<T>
    where T : KubeObject
{
    private readonly IKubeClient _client;
    private readonly ResourceType _type;
    private readonly InformerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<Informer<T>> _logger;
    private readonly ConcurrentDictionary<string, T> _cache = new(StringComparer.Ordinal);
    private readonly List<InformerHandler<T>> _handlers = [];
    private readonly SemaphoreSlim _dispatch = new(1, 1);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates an informer for a registered model type.</summary>
    public Informer(IKubeClient client, InformerOptions options, TimeProvider timeProvider, ILogger<Informer<T>> logger)
        : this(client, ResourceType.Of<T>(), options, timeProvider, logger)
    {
    }

    /// <summary>Creates an informer for an explicit resource type (e.g. with <see cref="UnstructuredObject"/>).</summary>
    public Informer(IKubeClient client, ResourceType type, InformerOptions options, TimeProvider timeProvider, ILogger<Informer<T>> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _type = type;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>True once the first full list is in the cache and its events were delivered.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Keys currently cached.</summary>
    public ICollection<string> Keys => _cache.Keys;

    /// <summary>
    /// Registers callbacks. A handler added to a running informer first gets every cached object as an add (as
    /// client-go's shared informers do), so a late reader misses nothing. Dispose the result to remove the handler.
    /// Do not call it from inside a handler (delivery is serialised).
    /// </summary>
    public IDisposable AddHandler(InformerHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _dispatch.Wait();
        try
        {
            lock (_handlers)
            {
                _handlers.Add(handler);
            }
            foreach (var obj in _cache.Values)
            {
                DeliverTo(handler, obj.Key, h => h.OnAdd?.Invoke(obj));
            }
        }
        finally
        {
            _dispatch.Release();
        }
        return new Registration(this, handler);
    }

    /// <summary>Number of handlers registered (shared-informer tests and diagnostics).</summary>
    public int HandlerCount
    {
        get
        {
            lock (_handlers)
            {
                return _handlers.Count;
            }
        }
    }

    private void RemoveHandler(InformerHandler<T> handler)
    {
        lock (_handlers)
        {
            _handlers.Remove(handler);
        }
    }

    private sealed class Registration(Informer<T> informer, InformerHandler<T> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                informer.RemoveHandler(handler);
            }
        }
    }

    /// <summary>The cached object with key <c>namespace/name</c> (or <c>name</c>), or null. Do not mutate it.</summary>
    public T? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _cache.TryGetValue(key, out var obj) ? obj : null;
    }

    /// <summary>A snapshot of every cached object. Do not mutate them.</summary>
    public IReadOnlyList<T> List() => [.. _cache.Values];

    /// <summary>Completes when the informer has synced (or throws when <paramref name="cancellationToken"/> fires).</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Lists, watches and resyncs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resync = _options.ResyncPeriod > TimeSpan.Zero ? ResyncLoopAsync(stop.Token) : Task.CompletedTask;
        try
        {
            await WatchLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await resync.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task WatchLoopAsync(CancellationToken cancellationToken)
    {
        var delay = _options.MinReconnectDelay;
        var needList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await RelistAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                }
                var watch = new WatchOptions
                {
                    ResourceVersion = ResourceVersion,
                    LabelSelector = _options.LabelSelector,
                    FieldSelector = _options.FieldSelector,
                };
                await foreach (var e in _client.WatchAsync<T>(_type, _options.Namespace, watch, cancellationToken).ConfigureAwait(false))
                {
                    delay = _options.MinReconnectDelay;
                    await ApplyAsync(e, cancellationToken).ConfigureAwait(false);
                }
                // A stream the server ended (timeoutSeconds) is normal: resume from the last version at once.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (WatchExpiredException)
            {
                InformerLog.Expired(_logger, _type.Kind, ResourceVersion);
                needList = true;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                InformerLog.Failed(_logger, ex, _type.Kind, delay.TotalMilliseconds);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
        }
    }

    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.ResyncPeriod, _timeProvider, cancellationToken).ConfigureAwait(false);
            await _dispatch.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var obj in _cache.Values)
                {
                    Deliver(obj.Key, h => h.OnUpdate?.Invoke(obj, obj));
                }
            }
            finally
            {
                _dispatch.Release();
            }
        }
    }
}
