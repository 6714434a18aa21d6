using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Nereid.Kubernetes.Tests.Support;

/// <summary>
/// A fake apiserver for informer tests: list requests get the next scripted list body; every watch request gets a
/// stream the test writes events into (and completes to drop the connection).
/// </summary>
public sealed class ScriptedWatchServer
{
    private readonly Queue<Func<HttpResponseMessage>> _lists = new();
    private readonly Channel<WatchStream> _watches = Channel.CreateUnbounded<WatchStream>();

    public ScriptedWatchServer()
    {
        Handler = new FakeHandler((request, _) =>
        {
            if (request.Uri.Query.Contains("watch=1", StringComparison.Ordinal))
            {
                var pipe = new Pipe();
                _watches.Writer.TryWrite(new WatchStream(request, pipe.Writer));
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(pipe.Reader.AsStream()) };
                return Task.FromResult(response);
            }
            lock (_lists)
            {
                return Task.FromResult(_lists.Count > 0 ? _lists.Dequeue()() : FakeHandler.Status(500, "InternalError", "no list scripted"));
            }
        });
    }

    public FakeHandler Handler { get; }

    public void EnqueueList(string resourceVersion, params (string Name, string Version)[] items)
    {
        var json = $$$"""{"metadata":{"resourceVersion":"{{{resourceVersion}}}"},"items":[{{{string.Join(",", items.Select(i => Obj(i.Name, i.Version)))}}}]}""";
        lock (_lists)
        {
            _lists.Enqueue(() => FakeHandler.Json(HttpStatusCode.OK, json));
        }
    }

    public void EnqueueListFailure(int code)
    {
        lock (_lists)
        {
            _lists.Enqueue(() => FakeHandler.Status(code, "InternalError"));
        }
    }

    public async Task<WatchStream> NextWatchAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _watches.Reader.ReadAsync(timeout.Token);
    }

    public static string Obj(string name, string version) =>
        "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\",\"resourceVersion\":\"" + version + "\"}}";

    public sealed class WatchStream(SeenRequest request, PipeWriter writer)
    {
        public SeenRequest Request { get; } = request;

        public async Task SendAsync(string type, string name, string version)
        {
            var obj = type == "BOOKMARK"
                ? "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"" + version + "\"}}"
                : Obj(name, version);
            await WriteLineAsync($$"""{"type":"{{type}}","object":{{obj}}}""");
        }

        public Task ExpireAsync() =>
            WriteLineAsync("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (2)","reason":"Expired","code":410}}""");

        public async Task WriteLineAsync(string line)
        {
            await writer.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            await writer.FlushAsync();
        }

        public Task DropAsync() => writer.CompleteAsync().AsTask();
    }
}
