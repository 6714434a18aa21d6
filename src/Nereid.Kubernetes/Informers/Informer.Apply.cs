using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Watch;

namespace Nereid.Kubernetes.Informers;

public sealed partial class Informer<T>
{
    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        var list = await _client.ListAllAsync<T>(_type, _options.Namespace,
            new ListOptions { LabelSelector = _options.LabelSelector, FieldSelector = _options.FieldSelector },
            _options.PageSize, cancellationToken).ConfigureAwait(false);

        await _dispatch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fresh = new Dictionary<string, T>(list.Items.Count, StringComparer.Ordinal);
            foreach (var item in list.Items)
            {
                fresh[item.Key] = item;
            }
            // Objects deleted while we were not watching get their delete now, with their last known state.
            foreach (var (key, old) in _cache)
            {
                if (!fresh.ContainsKey(key) && _cache.TryRemove(key, out _))
                {
                    Deliver(key, h => h.OnDelete?.Invoke(old));
                }
            }
            foreach (var (key, obj) in fresh)
            {
                if (_cache.TryGetValue(key, out var old))
                {
                    _cache[key] = obj;
                    if (old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
                    {
                        Deliver(key, h => h.OnUpdate?.Invoke(old, obj));
                    }
                }
                else
                {
                    _cache[key] = obj;
                    Deliver(key, h => h.OnAdd?.Invoke(obj));
                }
            }
            ResourceVersion = list.Metadata.ResourceVersion;
        }
        finally
        {
            _dispatch.Release();
        }
        InformerLog.Listed(_logger, _type.Kind, list.Items.Count, ResourceVersion);
        _synced.TrySetResult();
    }

    private async Task ApplyAsync(WatchEvent<T> e, CancellationToken cancellationToken)
    {
        var obj = e.Object;
        if (obj is null)
        {
            return;
        }
        await _dispatch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = obj.Key;
            switch (e.Type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    if (_cache.TryGetValue(key, out var old))
                    {
                        _cache[key] = obj;
                        Deliver(key, h => h.OnUpdate?.Invoke(old, obj));
                    }
                    else
                    {
                        _cache[key] = obj;
                        Deliver(key, h => h.OnAdd?.Invoke(obj));
                    }
                    break;
                case WatchEventType.Deleted:
                    if (_cache.TryRemove(key, out _))
                    {
                        Deliver(key, h => h.OnDelete?.Invoke(obj));
                    }
                    break;
            }
            if (obj.Metadata.ResourceVersion is { Length: > 0 } rv)
            {
                ResourceVersion = rv;
            }
        }
        finally
        {
            _dispatch.Release();
        }
    }

    private void Deliver(string key, Action<InformerHandler<T>> call)
    {
        InformerHandler<T>[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }
        foreach (var handler in handlers)
        {
            DeliverTo(handler, key, call);
        }
    }

    private void DeliverTo(InformerHandler<T> handler, string key, Action<InformerHandler<T>> call)
    {
        try
        {
            call(handler);
        }
        catch (Exception ex)
        {
            // One faulty handler must not stop the cache (and every other handler) from staying in sync.
            InformerLog.HandlerFailed(_logger, ex, _type.Kind, key);
        }
    }
}
