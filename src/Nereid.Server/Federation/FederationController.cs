using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;
using Nereid.Server.Placement;
using Nereid.Server.Runtime;

namespace Nereid.Server.Federation;

/// <summary>
/// Keeps, on one cluster and on its leader only, the Admiralty objects of every federated namespace placed there, in
/// the five steps: desired from the database (federation switch and placement), observed from the runtime's shared
/// informers of the five kinds (federation-labelled only), diff by fingerprint, server-side apply of differences and
/// deletion of what nothing wants, and a condition per namespace computed from what happened. Every placed cluster is
/// a source to each other one, so users may submit on whichever they use: as a source this cluster holds a Target and
/// a kubeconfig Secret per peer (the token issued by the peer's TokenRequest API), as a target it holds a
/// ServiceAccount, RoleBinding and Source per peer.
/// </summary>
internal sealed partial class FederationController(
    IServiceScopeFactory scopes, IClusterConnections clusters, IOptions<FederationOptions> options, IOptions<PlacementOptions> placement,
    FederationStatus status, TimeProvider time, ILogger<FederationController> logger) : WritingController(time, logger)
{
    private static readonly ApplyOptions Apply = new(AdmiraltyNames.FieldManager, Force: true);
    private static readonly ResourceType[] Kinds =
        [AdmiraltyNames.Secret, AdmiraltyNames.Target, AdmiraltyNames.ServiceAccount, AdmiraltyNames.RoleBinding, AdmiraltyNames.Source];

    /// <summary>The kinds only Admiralty's CRDs make a cluster serve.</summary>
    private static readonly ResourceType[] CustomKinds = [AdmiraltyNames.Target, AdmiraltyNames.Source];

    private readonly FederationTokens _tokens = new(time);

    /// <summary>
    /// Per cluster this process leads: the federation ServiceAccounts in place there (namespace/name), from its informer
    /// and its own applies. A source asks such a peer for a token only once the account exists, instead of sending a
    /// TokenRequest bound to fail; a peer led by another replica is simply asked.
    /// </summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _accounts = new(StringComparer.Ordinal);
    private long _tokenRequests;

    /// <inheritdoc />
    public override string Name => "federation";

    /// <summary>TokenRequests sent so far.</summary>
    public long TokenRequests => Interlocked.Read(ref _tokenRequests);

    /// <inheritdoc />
    public override async Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var settings = options.Value;
        if (!settings.Enabled)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, Time, cancellationToken);
            return;
        }
        // A cluster without Admiralty's CRDs is not watched for them (the lists would fail and retry forever): wait,
        // asking discovery again every interval, and say so (stored once, for every replica) for the whole cluster.
        while (await runtime.Discovery.MissingAsync(CustomKinds, cancellationToken) is { Count: > 0 } missing)
        {
            await status.StoreClusterAsync(runtime.Name, new FederationCondition("Degraded", "AdmiraltyNotInstalled",
                $"Admiralty is not installed on cluster {runtime.Name}: it does not serve {string.Join(", ", missing.Select(k => $"{k.Plural}.{k.Group}/{k.Version}"))}.",
                Time.GetUtcNow()), cancellationToken);
            await Task.Delay(runtime.Discovery.Interval, Time, cancellationToken);
        }
        await status.StoreClusterAsync(runtime.Name, null, cancellationToken);
        // Own selection (the namespace projection watches RoleBindings managed by "nereid", not these).
        var informers = Kinds.ToDictionary(k => k, k => runtime.Informers.ForSelection<UnstructuredObject>(k,
            new InformerOptions { LabelSelector = $"{ProjectionNames.ManagedByLabel}={AdmiraltyNames.ManagedByValue}" }));
        _accounts[runtime.Name] = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        try
        {
            await LoopAsync(runtime, informers.Values, t => PassAsync(runtime, informers, settings, t), settings.ResyncInterval,
                ClusterOrDatabaseFailed, cancellationToken);
        }
        finally
        {
            _accounts.TryRemove(runtime.Name, out _); // No longer leading here: peers ask it directly.
        }
    }

    private ConcurrentDictionary<string, bool>? Accounts(string cluster) => _accounts.GetValueOrDefault(cluster);

    private static string AccountKey(string ns, string name) => $"{ns}/{name}";

    /// <summary>One pass over the cluster; returns how long to wait before the next one when nothing wakes it.</summary>
    private async Task<TimeSpan> PassAsync(ClusterRuntime runtime, Dictionary<ResourceType, Informer<UnstructuredObject>> informers,
        FederationOptions settings, CancellationToken ct)
    {
        var here = runtime.Name;
        // 1. Desired, from the database.
        IReadOnlyDictionary<string, IReadOnlySet<string>> federated;
        await using (var scope = scopes.CreateAsyncScope())
        {
            federated = await FederatedNamespaces.LoadAsync(scope.ServiceProvider.GetRequiredService<Data.NereidDbContext>(),
                placement.Value.DefaultClusters, [.. clusters.Clusters.Select(c => c.Name)], ct);
        }
        // 2. Observed, from the shared informers, by namespace.
        var observed = Kinds.SelectMany(k => informers[k].List().Select(o => (Type: k, Object: (KubeObject)o)))
            .ToLookup(o => o.Object.Metadata.Namespace ?? "", StringComparer.Ordinal);
        if (Accounts(here) is { } accounts)
        {
            // Added from the cache and from applies, removed when pruned: an account applied a moment ago may not be
            // in the cache yet. One deleted by hand is refused by the peer and re-applied by that cluster's next pass.
            foreach (var o in informers[AdmiraltyNames.ServiceAccount].List())
            {
                accounts.TryAdd(AccountKey(o.Metadata.Namespace ?? "", o.Metadata.Name ?? ""), true);
            }
        }
        var federatedHere = federated.Where(f => f.Value.Contains(here)).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var namespaces = federatedHere.Concat(observed.Select(g => g.Key)).Distinct(StringComparer.Ordinal).ToList();
        // A namespace federated here without any object yet waits until the namespace reconciler reports it Ready here:
        // before that, every apply into it would be refused (the namespace is not there).
        IReadOnlySet<string> ready;
        await using (var scope = scopes.CreateAsyncScope())
        {
            ready = await FederatedNamespaces.ReadyOnAsync(scope.ServiceProvider.GetRequiredService<Data.NereidDbContext>(), here,
                [.. federatedHere.Where(ns => !observed.Contains(ns))], ct);
        }
        var nextRotation = new ConcurrentBag<DateTimeOffset>();
        var conditions = new ConcurrentDictionary<string, FederationCondition>(StringComparer.Ordinal);

        // 3 and 4 per namespace: diff, apply differences, prune; 5. a condition from what happened.
        await Parallel.ForEachAsync(namespaces, new ParallelOptions { MaxDegreeOfParallelism = settings.Workers, CancellationToken = ct },
            async (ns, token) =>
            {
                var peers = federatedHere.Contains(ns) ? federated[ns].Where(c => c != here).Order(StringComparer.Ordinal).ToList() : [];
                if (peers.Count > 0 && !observed.Contains(ns) && !ready.Contains(ns))
                {
                    conditions[ns] = new FederationCondition("Degraded", "WaitingForNamespace",
                        $"Namespace {ns} is not ready on cluster {here} yet.", Time.GetUtcNow());
                    return;
                }
                var condition = await ReconcileAsync(runtime, ns, peers, [.. observed[ns]], settings, nextRotation, token);
                if (condition is not null)
                {
                    conditions[ns] = condition;
                }
            });
        // 5. Stored where every replica reads it, only what changed since the stored rows.
        await status.StoreAsync(here, conditions, ct);
        CountPass();
        var now = Time.GetUtcNow();
        var due = nextRotation.IsEmpty ? settings.ResyncInterval : nextRotation.Min() - now;
        return due < TimeSpan.Zero ? TimeSpan.Zero : due < settings.ResyncInterval ? due : settings.ResyncInterval;
    }

    private async Task<FederationCondition?> ReconcileAsync(ClusterRuntime runtime, string ns, List<string> peers,
        List<(ResourceType Type, KubeObject Object)> observed, FederationOptions settings, ConcurrentBag<DateTimeOffset> nextRotation,
        CancellationToken ct)
    {
        var here = runtime.Name;
        var desired = new List<FederationObject>();
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<(string Reason, string Message)>();
        foreach (var peer in peers)
        {
            // As a target of the peer: its ServiceAccount, RoleBinding and Source here (no token involved).
            desired.AddRange(AdmiraltyObjects.Build(new FederationPlan(ns, peer, [new FederationTarget(here, new Uri("https://unused"), "", "")]))
                .Where(o => o.Cluster == here));
            // As a source to the peer: a Target and the kubeconfig Secret holding a token the peer issued.
            var target = await TargetAsync(here, ns, peer, observed, settings, ct);
            if (target.Problem is { } problem)
            {
                problems.Add(problem);
                // Keep what is there: the Secret's current token is still valid until it expires, the Target still names it.
                keep.Add(Id(AdmiraltyNames.Secret, ns, AdmiraltyNames.SecretName(peer)));
                keep.Add(Id(AdmiraltyNames.Target, ns, AdmiraltyNames.TargetName(peer)));
                continue;
            }
            var issued = target.Token!;
            nextRotation.Add(issued.IssuedAt + TimeSpan.FromTicks((long)((issued.ExpiresAt - issued.IssuedAt).Ticks * IssuedToken.RenewAtFraction)));
            foreach (var o in AdmiraltyObjects.Build(new FederationPlan(ns, here, [target.Target!])).Where(o => o.Cluster == here))
            {
                if (o.Type == AdmiraltyNames.Secret)
                {
                    TokenTimes.Write(o.Object, issued);
                }
                desired.Add(o);
            }
        }

        var byId = observed.ToDictionary(o => Id(o.Type, ns, o.Object.Metadata.Name ?? ""), o => o.Object, StringComparer.Ordinal);
        var changed = 0;
        foreach (var want in desired)
        {
            var hash = FederationStamp.Stamp(want.Object);
            if (FederationStamp.Matches(byId.GetValueOrDefault(Id(want.Type, ns, want.Object.Metadata.Name!)), hash))
            {
                continue;
            }
            try
            {
                // Sent as its own type: as KubeObject the serializer would drop every field but metadata.
                await runtime.Client.ApplyAsync(want.Type, (UnstructuredObject)want.Object, Apply, ct);
                CountApply();
                changed++;
            }
            catch (KubeApiException ex) when (ex.IsNotFound)
            {
                // The namespace reconciler has not created the namespace here yet: the rest would fail the same way.
                problems.Add(("WaitingForNamespace", $"Namespace {ns} is not on cluster {here} yet: {ex.Message}"));
                break;
            }
            catch (KubeApiException ex)
            {
                problems.Add(("ApplyFailed", $"{want.Type.Kind} {want.Object.Metadata.Name}: {ex.Message}"));
            }
            if (want.Type == AdmiraltyNames.ServiceAccount)
            {
                Accounts(here)?.TryAdd(AccountKey(ns, want.Object.Metadata.Name!), true);
            }
        }
        foreach (var (type, obj) in FederationDiff.Deletions(here, desired, observed))
        {
            if (keep.Contains(Id(type, ns, obj.Metadata.Name ?? "")) || obj.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            await runtime.Client.DeleteAsync(type, ns, obj.Metadata.Name!, cancellationToken: ct);
            CountDelete();
            changed++;
            if (type == AdmiraltyNames.ServiceAccount)
            {
                Accounts(here)?.TryRemove(AccountKey(ns, obj.Metadata.Name ?? ""), out _);
            }
            if (type == AdmiraltyNames.Secret && obj.Metadata.Labels?.GetValueOrDefault(AdmiraltyNames.PeerLabel) is { } peer)
            {
                _tokens.Forget(peer, ns, AdmiraltyNames.SourceIdentity(here));
            }
        }
        if (changed > 0)
        {
            LogReconciled(logger, here, ns, changed);
        }
        if (peers.Count == 0)
        {
            return null; // Not federated here (any more): the objects are gone, and so is its stored condition.
        }
        var now = Time.GetUtcNow();
        return problems.Count == 0
            ? new FederationCondition("Ready", "Federated", $"Admiralty objects for {string.Join(", ", peers)} are in place.", now)
            : new FederationCondition("Degraded", problems[0].Reason, string.Join(" ", problems.Select(p => p.Message)), now);
    }

    private sealed record TargetResult(FederationTarget? Target, IssuedToken? Token, (string Reason, string Message)? Problem);

    /// <summary>The peer as a target of this cluster, with a token for this cluster's ServiceAccount there.</summary>
    private async Task<TargetResult> TargetAsync(string here, string ns, string peer, List<(ResourceType Type, KubeObject Object)> observed,
        FederationOptions settings, CancellationToken ct)
    {
        if (clusters.Find(peer) is not { } connection)
        {
            return new(null, null, ("TargetNotConnected", $"Cluster {peer} is not connected to Nereid."));
        }
        var account = AdmiraltyNames.SourceIdentity(here);
        if (Accounts(peer) is { } there && !there.ContainsKey(AccountKey(ns, account)))
        {
            // The peer is led here and its pass has not created the account yet: a TokenRequest would only be refused.
            return new(null, null, ("WaitingForTarget", $"Cluster {peer} has no ServiceAccount {account} in {ns} yet."));
        }
        if (_tokens.Held(peer, ns, account) is null
            && observed.FirstOrDefault(o => o.Type == AdmiraltyNames.Secret && o.Object.Metadata.Name == AdmiraltyNames.SecretName(peer)).Object
                is { } secret && TokenTimes.Read(secret) is { } written)
        {
            _tokens.Adopt(peer, ns, account, written);
        }
        try
        {
            var issued = await _tokens.GetAsync(peer, ns, account, async token =>
            {
                Interlocked.Increment(ref _tokenRequests);
                return await connection.Client.RequestServiceAccountTokenAsync(ns, account, settings.TokenLifetime, token);
            }, ct);
            return new(new FederationTarget(peer, new Uri(connection.Info.ApiServerUrl), connection.Info.CertificateAuthorityPem, issued.Token),
                issued, null);
        }
        catch (KubeApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The peer's leader has not created the ServiceAccount yet (or the namespace is not there yet).
            return new(null, null, ("WaitingForTarget", $"Cluster {peer} has no ServiceAccount {account} in {ns} yet."));
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or TimeoutException
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return new(null, null, ("TargetUnreachable", $"Cluster {peer} did not issue a token: {ex.Message}"));
        }
    }

    private static string Id(ResourceType type, string ns, string name) => $"{type.ApiVersion}/{type.Kind}/{ns}/{name}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Federation of {Namespace} on cluster {Cluster}: {Changes} objects applied or deleted")]
    private static partial void LogReconciled(ILogger logger, string cluster, string @namespace, int changes);
}
