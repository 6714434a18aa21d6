using System.Globalization;
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
            try
            {
                foreach (var e in backlog)
                {
                    await WriteEventAsync(body, e, labels, fields, timer.Token);
                    last = Math.Max(last, e.ResourceVersion);
                }
                if (bookmarks)
                {
                    await WriteBookmarkAsync(body, r, last, request.QueryFlag("sendInitialEvents"), timer.Token);
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
                                await WriteBookmarkAsync(body, r, Math.Max(last, _store.Revision), false, timer.Token);
                                await body.FlushAsync(timer.Token);
                            }
                            continue;
                        }
                        while (reader.TryRead(out var e))
                        {
                            await WriteEventAsync(body, e, labels, fields, timer.Token);
                            last = e.ResourceVersion;
                        }
                        await body.FlushAsync(timer.Token);
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

    private static async Task WriteEventAsync(Stream body, WatchEvent e, LabelSelector labels, FieldSelector fields, CancellationToken ct)
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
        await using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            e.Object.WriteTo(writer);
            writer.WriteEndObject();
            await writer.FlushAsync(ct);
        }
        await body.WriteAsync(Newline, ct);
    }

    private static async Task WriteBookmarkAsync(Stream body, ResourceInfo r, long revision, bool initialEventsEnd, CancellationToken ct)
    {
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }
        var evt = new JsonObject { ["type"] = "BOOKMARK", ["object"] = new JsonObject { ["kind"] = r.Kind, ["apiVersion"] = r.ApiVersion, ["metadata"] = meta } };
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
