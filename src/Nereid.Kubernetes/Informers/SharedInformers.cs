using Microsoft.Extensions.Logging;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Informers;

/// <summary>
/// One informer per kind for one cluster, shared by every feature that reads that kind (controller-runtime's cache):
/// the first <see cref="For{T}(InformerOptions?)"/> creates it, later calls get the same one. What an informer
/// selects (namespace, label and field selector) is fixed by its first caller; a later caller asking for a different
/// selection is refused rather than silently handed a cache that holds other objects. Informers requested while
/// <see cref="RunAsync"/> runs start at once; those requested before start with it.
/// </summary>
public sealed class SharedInformers
{
    private readonly IKubeClient _client;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly Lock _gate = new();
    private readonly Dictionary<ResourceType, Entry> _entries = [];
    private readonly Dictionary<SelectionKey, Entry> _selected = [];
    private readonly List<Task> _runs = [];
    private CancellationToken? _running;

    /// <summary>Creates an empty set; nothing is listed or watched until a kind is requested and the set runs.</summary>
    public SharedInformers(IKubeClient client, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        _client = client;
        _time = time;
        _loggers = loggers;
    }

    /// <summary>The kinds watched (one informer each).</summary>
    public IReadOnlyList<ResourceType> Types
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Keys];
            }
        }
    }

    /// <summary>The shared informer of a registered model type.</summary>
    public Informer<T> For<T>(InformerOptions? options = null)
        where T : KubeObject => For<T>(ResourceType.Of<T>(), options);

    /// <summary>The shared informer of <paramref name="type"/> (e.g. a custom resource read as <see cref="UnstructuredObject"/>).</summary>
    public Informer<T> For<T>(ResourceType type, InformerOptions? options = null)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        lock (_gate)
        {
            if (_entries.TryGetValue(type, out var existing))
            {
                if (existing.Informer is not Informer<T> typed)
                {
                    throw new InvalidOperationException($"{type.Kind} is already watched as {existing.Informer.GetType().GenericTypeArguments[0].Name}, not {typeof(T).Name}.");
                }
                if (options is not null && !SameSelection(existing.Options, options))
                {
                    throw new InvalidOperationException(
                        $"{type.Kind} is already watched with {Describe(existing.Options)}; a second selection ({Describe(options)}) would need a second informer.");
                }
                return typed;
            }
            var chosen = options ?? new InformerOptions();
            var informer = new Informer<T>(_client, type, chosen, _time, _loggers.CreateLogger<Informer<T>>());
            var entry = new Entry(informer, chosen, informer.RunAsync, informer.WaitForSyncAsync);
            _entries[type] = entry;
            if (_running is { } token)
            {
                _runs.Add(Task.Run(() => entry.Run(token), CancellationToken.None));
            }
            return informer;
        }
    }

    /// <summary>
    /// The shared informer of <paramref name="type"/> restricted to <paramref name="options"/>' selection, for a reader
    /// whose objects another reader's selection of the same kind does not hold (the federation's RoleBindings beside the
    /// namespace projection's): one informer per kind and selection, shared by every reader asking for that selection.
    /// </summary>
    public Informer<T> ForSelection<T>(ResourceType type, InformerOptions options)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var key = new SelectionKey(type, options.Namespace, options.LabelSelector, options.FieldSelector);
        lock (_gate)
        {
            if (_selected.TryGetValue(key, out var existing))
            {
                return existing.Informer as Informer<T>
                    ?? throw new InvalidOperationException($"{type.Kind} ({Describe(options)}) is already watched as another model type.");
            }
            var informer = new Informer<T>(_client, type, options, _time, _loggers.CreateLogger<Informer<T>>());
            var entry = new Entry(informer, options, informer.RunAsync, informer.WaitForSyncAsync);
            _selected[key] = entry;
            if (_running is { } token)
            {
                _runs.Add(Task.Run(() => entry.Run(token), CancellationToken.None));
            }
            return informer;
        }
    }

    /// <summary>Completes when every informer requested so far has listed once.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.WhenAll(_entries.Values.Concat(_selected.Values).Select(e => e.WaitForSync(cancellationToken)));
        }
    }

    /// <summary>Runs every informer (present and future) until <paramref name="cancellationToken"/> fires, then waits for them to stop.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_running is not null)
            {
                throw new InvalidOperationException("The shared informers are already running.");
            }
            _running = cancellationToken;
            _runs.AddRange(_entries.Values.Concat(_selected.Values).Select(e => Task.Run(() => e.Run(cancellationToken), CancellationToken.None)));
        }
        await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] runs;
        lock (_gate)
        {
            runs = [.. _runs];
        }
        await Task.WhenAll(runs).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static bool SameSelection(InformerOptions a, InformerOptions b) =>
        a.Namespace == b.Namespace && a.LabelSelector == b.LabelSelector && a.FieldSelector == b.FieldSelector;

    private static string Describe(InformerOptions o) =>
        $"namespace '{o.Namespace ?? "(all)"}', labels '{o.LabelSelector ?? "(all)"}', fields '{o.FieldSelector ?? "(all)"}'";

    private sealed record SelectionKey(ResourceType Type, string? Namespace, string? LabelSelector, string? FieldSelector);

    private sealed record Entry(object Informer, InformerOptions Options, Func<CancellationToken, Task> Run, Func<CancellationToken, Task> WaitForSync);
}
