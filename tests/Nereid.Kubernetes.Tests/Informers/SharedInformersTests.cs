using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Tests.Informers;

/// <summary>One informer per kind, however many readers; late readers and late kinds miss nothing.</summary>
public sealed class SharedInformersTests : IAsyncLifetime
{
    private KubeApiDouble _kube = null!;
    private KubeClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = new KubeDoubleOptions();
        foreach (var name in new[] { "alpha", "beta" })
        {
            var ns = JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"labels":{"team":"a"}}}""")!.AsObject();
            ns["metadata"]!["name"] = name;
            options.SeedObjects.Add(ns);
        }
        options.SeedObjects.Add(JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"gamma"}}""")!.AsObject());
        _kube = await KubeApiDouble.StartAsync(options, CancellationToken.None);
        _client = new KubeClient(new KubeClusterConnection
        {
            Server = _kube.BaseAddress,
            CertificateAuthorities = PemCertificates.LoadBundle(_kube.CaCertificatePem),
            Credentials = new StaticTokenProvider(KubeDoubleOptions.DefaultAdminToken),
        }, new KubernetesClientOptions(), TimeProvider.System, NullLogger<KubeClient>.Instance);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _kube.DisposeAsync();
    }

    private SharedInformers NewSet() => new(_client, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public void For_SameKindTwice_ReturnsTheSameInformer()
    {
        var set = NewSet();

        var first = set.For<Namespace>(new InformerOptions { LabelSelector = "team=a" });
        var second = set.For<Namespace>(new InformerOptions { LabelSelector = "team=a" });
        var third = set.For<Namespace>();

        second.ShouldBeSameAs(first);
        third.ShouldBeSameAs(first);
        set.Types.ShouldBe([ResourceType.Of<Namespace>()]);
    }

    [Fact]
    public void For_SameKindWithOtherSelection_IsRefusedAndNamesBoth()
    {
        var set = NewSet();
        set.For<Namespace>(new InformerOptions { LabelSelector = "team=a" });

        var ex = Should.Throw<InvalidOperationException>(() => set.For<Namespace>(new InformerOptions { LabelSelector = "team=b" }));

        ex.Message.ShouldContain("team=a");
        ex.Message.ShouldContain("team=b");
        set.Types.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_KindRequestedWhileRunning_StartsItAndListsOnce()
    {
        var set = NewSet();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = set.RunAsync(stop.Token);
        var listsBefore = NamespaceLists();

        var late = set.For<Namespace>(new InformerOptions { LabelSelector = "team=a" });
        await late.WaitForSyncAsync(stop.Token);
        for (var i = 0; i < 5; i++)
        {
            set.For<Namespace>().ShouldBeSameAs(late);
        }

        late.List().Select(n => n.Metadata.Name).ShouldBe(["alpha", "beta"], ignoreOrder: true);
        (NamespaceLists() - listsBefore).ShouldBe(1);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task AddHandler_OnRunningInformer_ReplaysTheCacheThenDeliversChangesUntilDisposed()
    {
        var set = NewSet();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var informer = set.For<Namespace>(new InformerOptions { LabelSelector = "team=a" });
        var running = set.RunAsync(stop.Token);
        await set.WaitForSyncAsync(stop.Token);
        var seen = new List<string>();
        var registration = informer.AddHandler(new InformerHandler<Namespace>(
            n => { lock (seen) seen.Add("add " + n.Metadata.Name); },
            (_, n) => { lock (seen) seen.Add("update " + n.Metadata.Name); },
            n => { lock (seen) seen.Add("delete " + n.Metadata.Name); }));

        lock (seen)
        {
            seen.ShouldBe(["add alpha", "add beta"], ignoreOrder: true);
        }
        informer.HandlerCount.ShouldBe(1);

        registration.Dispose();
        await _client.DeleteAsync<Namespace>(null, "alpha", null, stop.Token);
        await WaitUntilAsync(() => informer.Get("alpha") is null || informer.Get("alpha")!.Metadata.DeletionTimestamp is not null, stop.Token);

        informer.HandlerCount.ShouldBe(0);
        lock (seen)
        {
            seen.Count.ShouldBe(2);
        }
        await stop.CancelAsync();
        await running;
    }

    private long NamespaceLists() =>
        _kube.RequestLog.Entries.Count(e => e.Method == "GET" && e.PathAndQuery.StartsWith("/api/v1/namespaces?", StringComparison.Ordinal)
            && !e.PathAndQuery.Contains("watch=", StringComparison.Ordinal));

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(20, ct);
        }
    }
}
