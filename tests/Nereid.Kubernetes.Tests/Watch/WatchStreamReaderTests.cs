using System.Text;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;
using Nereid.Kubernetes.Watch;

namespace Nereid.Kubernetes.Tests.Watch;

public class WatchStreamReaderTests
{
    [Fact]
    public async Task ReadAsync_PodsFixture_YieldsEventsThenThrowsExpired()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Fixture.Read("watch-stream-pods.ndjson")));
        var events = new List<WatchEvent<Pod>>();

        var ex = await Should.ThrowAsync<WatchExpiredException>(async () =>
        {
            await foreach (var e in WatchStreamReader.ReadAsync<Pod>(stream))
            {
                events.Add(e);
            }
        });

        events.Select(e => e.Type).ShouldBe([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark]);
        events.Select(e => e.Object!.Metadata.ResourceVersion).ShouldBe(["10596", "11020", "12746"]);
        ex.IsGone.ShouldBeTrue();
        ex.Status.Code.ShouldBe(410);
        ex.Status.Message.ShouldBe("too old resource version: 1 (8146471)");
    }

    [Fact]
    public async Task ReadAsync_OneByteChunks_ReassemblesLines()
    {
        var text = Fixture.Read("watch-event-bookmark-job.json").Trim() + "\n\n" +
                   """{"type":"DELETED","object":{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"j","namespace":"a","resourceVersion":"2"}}}""";
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(text));
        var events = new List<WatchEvent<Job>>();

        await foreach (var e in WatchStreamReader.ReadAsync<Job>(stream))
        {
            events.Add(e);
        }

        events.Count.ShouldBe(2);
        events[0].Type.ShouldBe(WatchEventType.Bookmark);
        events[0].Object!.Spec!.Template!.Spec!.Containers.ShouldBeNull();
        events[1].Type.ShouldBe(WatchEventType.Deleted);
        events[1].Object!.Key.ShouldBe("a/j");
    }

    [Fact]
    public async Task ReadAsync_NonExpiredError_ThrowsApiException()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(
            """{"type":"ERROR","object":{"kind":"Status","status":"Failure","reason":"InternalError","message":"boom","code":500}}""" + "\n"));

        var ex = await Should.ThrowAsync<KubeApiException>(async () =>
        {
            await foreach (var _ in WatchStreamReader.ReadAsync<Pod>(stream))
            {
            }
        });

        ex.ShouldNotBeOfType<WatchExpiredException>();
        ex.Reason.ShouldBe("InternalError");
    }

    [Fact]
    public async Task ReadAsync_AnyPropertyOrderAndUnknownFields_YieldsSameEvents()
    {
        // The apiserver writes "type" first (the single-pass path); other orders and extra fields must still decode.
        var text = """{"type":"ADDED","note":{"a":[1,{"b":null}]},"object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"a","resourceVersion":"5"}}}""" + "\n" +
                   """{"object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"a","resourceVersion":"6"}},"extra":true,"type":"MODIFIED"}""" + "\n" +
                   """{"type":"DELETED","object":null}""" + "\n";
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(text));
        var events = new List<WatchEvent<Pod>>();

        await foreach (var e in WatchStreamReader.ReadAsync<Pod>(stream))
        {
            events.Add(e);
        }

        events.Select(e => e.Type).ShouldBe([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted]);
        events[0].Object!.Metadata.ResourceVersion.ShouldBe("5");
        events[1].Object!.Metadata.ResourceVersion.ShouldBe("6");
        events[1].Object!.Key.ShouldBe("a/p");
        events[2].Object.ShouldBeNull();
    }

    [Fact]
    public async Task ReadAsync_UnknownEventType_Throws()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("""{"type":"RENAMED","object":{"kind":"Pod"}}""" + "\n"));

        await Should.ThrowAsync<System.Text.Json.JsonException>(async () =>
        {
            await foreach (var _ in WatchStreamReader.ReadAsync<Pod>(stream))
            {
            }
        });
    }

    /// <summary>Returns one byte per read, like a slow chunked response.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}
