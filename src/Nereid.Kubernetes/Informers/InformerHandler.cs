using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Informers;

/// <summary>
/// Callbacks of an informer, run one at a time on the informer's loop. Keep them quick (enqueue a key): a slow handler
/// delays every later event. Resync delivers each cached object as an update with old == new.
/// </summary>
/// <param name="OnAdd">An object appeared (initial list included).</param>
/// <param name="OnUpdate">An object changed (old, new).</param>
/// <param name="OnDelete">An object vanished (last known state).</param>
public sealed record InformerHandler<T>(Action<T>? OnAdd = null, Action<T, T>? OnUpdate = null, Action<T>? OnDelete = null)
    where T : KubeObject
{
    /// <summary>A handler that reports only the key (<c>namespace/name</c>) of every change, e.g. to a work queue.</summary>
    public static InformerHandler<T> ForKeys(Action<string> onKey)
    {
        ArgumentNullException.ThrowIfNull(onKey);
        return new(o => onKey(o.Key), (_, n) => onKey(n.Key), o => onKey(o.Key));
    }
}
