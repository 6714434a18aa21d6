using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Clusters;

/// <summary>Adapts a shared <see cref="Informer{T}"/> to <see cref="IOwnedInformer"/> and reports every change as (object, deleted).</summary>
internal sealed class OwnedInformer<T> : IOwnedInformer
    where T : KubeObject
{
    private readonly Informer<T> _informer;
    private readonly IDisposable _handler;

    public OwnedInformer(Informer<T> informer, Action<KubeObject, bool> onChange)
    {
        _informer = informer;
        _handler = informer.AddHandler(new InformerHandler<T>(o => onChange(o, false), (_, n) => onChange(n, false), o => onChange(o, true)));
    }

    public void Dispose() => _handler.Dispose();

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _informer.WaitForSyncAsync(cancellationToken);

    public KubeObject? Get(string key) => _informer.Get(key);

    public IEnumerable<KubeObject> List() => _informer.List();
}
