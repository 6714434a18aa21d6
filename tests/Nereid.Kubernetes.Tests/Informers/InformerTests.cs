using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Informers;

public class InformerTests
{
    private static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);

    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();

    private Informer<UnstructuredObject> CreateInformer(ScriptedWatchServer server, InformerOptions options, TimeProvider? time = null)
    {
        var client = TestClients.Create(server.Handler);
        var informer = new Informer<UnstructuredObject>(client, ConfigMaps, options, time ?? TimeProvider.System, NullLogger<Informer<UnstructuredObject>>.Instance);
        informer.AddHandler(new InformerHandler<UnstructuredObject>(
            o => _events.Writer.TryWrite($"add {o.Metadata.Name}@{o.Metadata.ResourceVersion}"),
            (old, o) => _events.Writer.TryWrite($"update {o.Metadata.Name}@{old.Metadata.ResourceVersion}->{o.Metadata.ResourceVersion}"),
            o => _events.Writer.TryWrite($"delete {o.Metadata.Name}@{o.Metadata.ResourceVersion}")));
        return informer;
    }

    private async Task<string[]> NextEventsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = await _events.Reader.ReadAsync(timeout.Token);
        }
        return result;
    }

    [Fact]
    public async Task RunAsync_ScriptedServer_KeepsCacheInSyncThroughDropAndExpiry()
    {
        var server = new ScriptedWatchServer();
        server.EnqueueList("10", ("a", "1"), ("b", "2"));
        var informer = CreateInformer(server, new InformerOptions { Namespace = "ns", LabelSelector = "team=a", ResyncPeriod = TimeSpan.Zero });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        await informer.WaitForSyncAsync(cts.Token);
        informer.HasSynced.ShouldBeTrue();
        (await NextEventsAsync(2)).ShouldBe(["add a@1", "add b@2"], ignoreOrder: true);

        var watch1 = await server.NextWatchAsync();
        watch1.Request.PathAndQuery.ShouldBe("/api/v1/namespaces/ns/configmaps?watch=1&resourceVersion=10&allowWatchBookmarks=true&labelSelector=team%3Da&timeoutSeconds=300");
        await watch1.SendAsync("ADDED", "c", "11");
        await watch1.SendAsync("MODIFIED", "a", "12");
        await watch1.SendAsync("DELETED", "b", "13");
        await watch1.SendAsync("BOOKMARK", "", "20");
        (await NextEventsAsync(3)).ShouldBe(["add c@11", "update a@1->12", "delete b@13"]);
        await watch1.DropAsync();

        var watch2 = await server.NextWatchAsync();
        watch2.Request.Uri.Query.ShouldContain("resourceVersion=20");
        informer.Keys.ShouldBe(["ns/a", "ns/c"], ignoreOrder: true);

        // While "disconnected", a vanished, c changed and d appeared: the relist reports exactly that.
        server.EnqueueList("40", ("c", "30"), ("d", "31"));
        await watch2.ExpireAsync();
        (await NextEventsAsync(3)).ShouldBe(["delete a@12", "update c@11->30", "add d@31"]);

        var watch3 = await server.NextWatchAsync();
        watch3.Request.Uri.Query.ShouldContain("resourceVersion=40");
        informer.Get("ns/c")!.Metadata.ResourceVersion.ShouldBe("30");
        informer.Get("ns/a").ShouldBeNull();
        informer.List().Count.ShouldBe(2);

        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task RunAsync_ListFails_RetriesWithBackoffThenSyncs()
    {
        var server = new ScriptedWatchServer();
        server.EnqueueListFailure(403);
        server.EnqueueList("5", ("a", "1"));
        var informer = CreateInformer(server, new InformerOptions { MinReconnectDelay = TimeSpan.FromMilliseconds(1), ResyncPeriod = TimeSpan.Zero });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        await informer.WaitForSyncAsync(cts.Token);
        (await NextEventsAsync(1)).ShouldBe(["add a@1"]);
        (await server.NextWatchAsync()).Request.Uri.Query.ShouldContain("resourceVersion=5");

        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task RunAsync_ResyncPeriod_RedeliversEveryCachedObject()
    {
        var time = new TimerRecordingTimeProvider();
        var server = new ScriptedWatchServer();
        server.EnqueueList("3", ("a", "1"), ("b", "2"));
        var informer = CreateInformer(server, new InformerOptions { ResyncPeriod = TimeSpan.FromMinutes(5) }, time);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(cts.Token);
        await NextEventsAsync(2);
        await server.NextWatchAsync();

        await time.WaitForTimerAsync(d => d == TimeSpan.FromMinutes(5));
        time.Advance(TimeSpan.FromMinutes(5));

        (await NextEventsAsync(2)).ShouldBe(["update a@1->1", "update b@2->2"], ignoreOrder: true);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task ForKeys_Events_ReportNamespaceSlashName()
    {
        var keys = new List<string>();
        var handler = InformerHandler<Pod>.ForKeys(keys.Add);
        var pod = new Pod { Metadata = new ObjectMeta { Name = "p", Namespace = "a" } };

        handler.OnAdd!(pod);
        handler.OnUpdate!(pod, pod);
        handler.OnDelete!(new Pod { Metadata = new ObjectMeta { Name = "n1" } });

        keys.ShouldBe(["a/p", "a/p", "n1"]);
        await Task.CompletedTask;
    }
}
