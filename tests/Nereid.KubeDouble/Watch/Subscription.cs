using System.Threading.Channels;

namespace Nereid.KubeDouble.Watch;

/// <summary>A live watcher: receives every event of one resource (optionally one namespace) after registration.</summary>
public sealed class Subscription : IDisposable
{
    private readonly Action<Subscription> _onDispose;

    internal Subscription(string storageKey, string? @namespace, Action<Subscription> onDispose)
    {
        StorageKey = storageKey;
        Namespace = @namespace;
        _onDispose = onDispose;
    }

    public string StorageKey { get; }

    public string? Namespace { get; }

    // Unbounded: the writer holds the store's lock and must never block; a slow watcher only costs memory.
    public Channel<WatchEvent> Events { get; } = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void Dispose()
    {
        Events.Writer.TryComplete();
        _onDispose(this);
    }
}
