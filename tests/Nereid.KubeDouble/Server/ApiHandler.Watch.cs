using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Storage;
using Nereid.KubeDouble.Watch;

namespace Nereid.KubeDouble.Server;

public sealed partial class ApiHandler
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private async Task WatchAsync(ApiRequest request, CancellationToken ct)
    {
        var r = request.Resource;
        var labels = LabelSelector.Parse(request.Query("labelSelector"));
        var fields = FieldSelector.Parse(request.Query("fieldSelector"), r);
        if (request.Name is not null)
        {
            fields = FieldSelector.Parse($"metadata.name={request.Name}", r);
        }
        var rvText = request.Query("resourceVersion");
        long? from = rvText is null or "" or "0" ? null
            : long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
            : throw Errors.BadRequest($"invalid resource version: {rvText}");
        var bookmarks = request.QueryFlag("allowWatchBookmarks");
        var timeout = int.TryParse(request.Query("timeoutSeconds"), out var t) && t > 0 ? TimeSpan.FromSeconds(t) : TimeSpan.FromMinutes(30);
        if (_faults.DropWatchesEvery is { } drop && drop < timeout)
        {
            timeout = drop;
        }

        var http = request.Http;
        // Metadata-only watchers get every event's object as a PartialObjectMetadata (bookmarks too).
        var metaVersion = MetadataAccept.Negotiate(http.Request.Headers.Accept.ToString(), list: false);
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        var body = http.Response.Body;
        if (_faults.TakeForcedWatchExpiry())
        {
            await WriteErrorEventAsync(body, $"too old resource version: {from ?? 0} ({_store.Revision})", ct);
            return;
        }
        Subscription subscription;
        List<WatchEvent> backlog;
        long revision;
        try
        {
            subscription = _store.Subscribe(r, request.Namespace, from, out backlog, out revision);
        }
        catch (TooOldException e)
        {
            // Like the watch cache: 200, then one ERROR event carrying a 410 Expired Status.
            await WriteErrorEventAsync(body, e.Message, ct);
            return;
        }
        using (subscription)
        {
            await http.Response.StartAsync(ct);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct, _lifetime);
            timer.CancelAfter(timeout);
            var last = revision;
            // Events go into the response pipe and are flushed once per batch: one write-and-flush per event (two
            // with its newline) cost a DATA frame and a TLS record each on both ends.
            var pipe = http.Response.BodyWriter;
            using var json = new Utf8JsonWriter(pipe);
            try
            {
                var pending = 0;
                foreach (var e in backlog)
                {
                    WriteEvent(json, pipe, e, labels, fields, metaVersion);
                    last = Math.Max(last, e.ResourceVersion);
                    if (++pending % BacklogFlushEvery == 0)
                    {
                        await pipe.FlushAsync(timer.Token);
                    }
                }
                await pipe.FlushAsync(timer.Token);
                if (bookmarks)
                {
                    await WriteBookmarkAsync(body, r, last, request.QueryFlag("sendInitialEvents"), metaVersion, timer.Token);
                }
                await body.FlushAsync(timer.Token);
                var reader = subscription.Events.Reader;
                // One bookmark clock per second, not one timer per wake-up: a busy watch wakes for every event.
                var tick = CancellationTokenSource.CreateLinkedTokenSource(timer.Token);
                tick.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    while (true)
                    {
                        try
                        {
                            await reader.WaitToReadAsync(tick.Token);
                        }
                        catch (OperationCanceledException) when (!timer.IsCancellationRequested)
                        {
                            tick.Dispose();
                            tick = CancellationTokenSource.CreateLinkedTokenSource(timer.Token);
                            tick.CancelAfter(TimeSpan.FromSeconds(1));
                            if (bookmarks)
                            {
                                await WriteBookmarkAsync(body, r, Math.Max(last, _store.Revision), false, metaVersion, timer.Token);
                                await body.FlushAsync(timer.Token);
                            }
                            continue;
                        }
                        while (reader.TryRead(out var e))
                        {
                            WriteEvent(json, pipe, e, labels, fields, metaVersion);
                            last = e.ResourceVersion;
                        }
                        await pipe.FlushAsync(timer.Token);
                    }
                }
                finally
                {
                    tick.Dispose();
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // timeoutSeconds elapsed (or the injected drop): the server ends the stream cleanly.
            }
        }
    }

    /// <summary>Events of a backlog written before a flush, so a long replay does not sit whole in the response pipe.</summary>
    private const int BacklogFlushEvery = 128;

    /// <summary>Writes one event line into the pipe (not flushed) unless the watcher's selectors exclude it.</summary>
    private static void WriteEvent(Utf8JsonWriter writer, PipeWriter pipe, WatchEvent e, LabelSelector labels, FieldSelector fields, string? metaVersion)
    {
        var matches = labels.Matches(e.Object) && fields.Matches(e.Object);
        var matched = e.Previous is not null && labels.Matches(e.Previous) && fields.Matches(e.Previous);
        var type = (e.Type, matches, matched) switch
        {
            ("MODIFIED", true, false) => "ADDED",
            ("MODIFIED", false, true) => "DELETED",
            (_, true, _) => e.Type,
            ("DELETED", false, true) => "DELETED",
            _ => null,
        };
        if (type is null)
        {
            return;
        }
        writer.Reset(pipe);
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WritePropertyName("object");
        if (metaVersion is null)
        {
            e.Object.WriteTo(writer);
        }
        else
        {
            MetadataAccept.WritePartial(writer, e.Object, metaVersion);
        }
        writer.WriteEndObject();
        writer.Flush();
        pipe.Write(Newline);
    }

    private static async Task WriteBookmarkAsync(Stream body, ResourceInfo r, long revision, bool initialEventsEnd, string? metaVersion, CancellationToken ct)
    {
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }
        var evt = new JsonObject { ["type"] = "BOOKMARK", ["object"] = new JsonObject { ["kind"] = metaVersion is null ? r.Kind : "PartialObjectMetadata", ["apiVersion"] = metaVersion ?? r.ApiVersion, ["metadata"] = meta } };
        await body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(evt), ct);
        await body.WriteAsync(Newline, ct);
    }

    private static async Task WriteErrorEventAsync(Stream body, string message, CancellationToken ct)
    {
        var evt = new JsonObject { ["type"] = "ERROR", ["object"] = Errors.Expired(message).ToStatus() };
        await body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(evt), ct);
        await body.WriteAsync(Newline, ct);
        await body.FlushAsync(ct);
    }
}
