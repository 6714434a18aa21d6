using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;
using Nereid.Kubernetes.Watch;
using Nereid.TestSupport.Loopback;

namespace Nereid.Kubernetes.Tests.Client;

public class KubeClientSocketTests
{
    private static KubeClient Create(KubeClusterConnection connection) =>
        new(connection, new KubernetesClientOptions { MaxAttempts = 1 }, TimeProvider.System, NullLogger<KubeClient>.Instance);

    [Fact]
    public async Task WatchAsync_ChunkedStream_YieldsEachEventBeforeTheStreamEnds()
    {
        var release = new TaskCompletionSource();
        string? query = null;
        await using var server = await LoopbackServer.ServeAsync(async ctx =>
        {
            query = ctx.Request.QueryString.Value;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"type":"ADDED","object":{"metadata":{"name":"p1","namespace":"ns","resourceVersion":"5"}}}""" + "\n");
            await ctx.Response.Body.FlushAsync();
            await release.Task;
            await ctx.Response.WriteAsync("""{"type":"DELETED","object":{"metadata":{"name":"p1","namespace":"ns","resourceVersion":"6"}}}""" + "\n");
        });
        using var client = Create(new KubeClusterConnection { Server = server.BaseAddress });

        await using var events = client.WatchAsync<Pod>(ResourceType.Of<Pod>(), "ns", new WatchOptions { ResourceVersion = "4", Timeout = TimeSpan.FromSeconds(30) })
            .GetAsyncEnumerator();

        (await events.MoveNextAsync()).ShouldBeTrue();
        events.Current.Type.ShouldBe(WatchEventType.Added);
        query.ShouldBe("?watch=1&resourceVersion=4&allowWatchBookmarks=true&timeoutSeconds=30");
        release.SetResult();
        (await events.MoveNextAsync()).ShouldBeTrue();
        events.Current.Type.ShouldBe(WatchEventType.Deleted);
        (await events.MoveNextAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task WatchAsync_SilentConnection_EndsAfterServerTimeoutPlusGrace()
    {
        await using var server = await LoopbackServer.ServeAsync(async ctx =>
        {
            await ctx.Response.WriteAsync("\n");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        });
        var time = new TimerRecordingTimeProvider();
        using var client = new KubeClient(new KubeClusterConnection { Server = server.BaseAddress }, new KubernetesClientOptions(), time,
            NullLogger<KubeClient>.Instance);

        var events = client.WatchAsync<Pod>(ResourceType.Of<Pod>(), null, new WatchOptions { Timeout = TimeSpan.FromSeconds(60) })
            .GetAsyncEnumerator();
        var next = events.MoveNextAsync().AsTask();
        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(90));
        await time.WaitForNoTimerAsync(d => d == TimeSpan.FromSeconds(30)); // response headers arrived
        next.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(90));

        (await next).ShouldBeFalse();
        await events.DisposeAsync();
    }

    [Fact]
    public async Task WatchAsync_PlainGone_ThrowsWatchExpired()
    {
        await using var server = await LoopbackServer.ServeAsync(async ctx =>
        {
            ctx.Response.StatusCode = 410;
            await ctx.Response.WriteAsync("""{"kind":"Status","status":"Failure","reason":"Expired","message":"too old","code":410}""");
        });
        using var client = Create(new KubeClusterConnection { Server = server.BaseAddress });

        await Should.ThrowAsync<WatchExpiredException>(async () =>
        {
            await foreach (var _ in client.WatchAsync<Pod>(ResourceType.Of<Pod>(), null, new WatchOptions { ResourceVersion = "1" }))
            {
            }
        });
    }

    [Fact]
    public async Task GetAsync_Tls_TrustsOnlyTheClusterCaAndHonoursTlsServerName()
    {
        var ca = TestCertificates.CreateCa("cluster-ca");
        using var serverCert = TestCertificates.CreateLeaf(ca, "kube.test");
        await using var server = await LoopbackServer.ServeAsync(
            ctx => ctx.Response.WriteAsync("""{"metadata":{"name":"a"}}"""), serverCert);
        var https = new UriBuilder(server.BaseAddress) { Scheme = "https" }.Uri;

        using (var trusting = Create(new KubeClusterConnection { Server = https, CertificateAuthorities = [ca], TlsServerName = "kube.test" }))
        {
            (await trusting.GetAsync<Namespace>(null, "a"))!.Metadata.Name.ShouldBe("a");
        }
        using (var otherCa = Create(new KubeClusterConnection { Server = https, CertificateAuthorities = [TestCertificates.CreateCa("other")], TlsServerName = "kube.test" }))
        {
            await Should.ThrowAsync<HttpRequestException>(() => otherCa.GetAsync<Namespace>(null, "a"));
        }
        using (var wrongName = Create(new KubeClusterConnection { Server = https, CertificateAuthorities = [ca] }))
        {
            await Should.ThrowAsync<HttpRequestException>(() => wrongName.GetAsync<Namespace>(null, "a"));
        }
    }
}
