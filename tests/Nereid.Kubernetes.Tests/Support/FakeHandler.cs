using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Nereid.Kubernetes.Tests.Support;

/// <summary>What the fake handler saw of one request.</summary>
public sealed record SeenRequest(HttpMethod Method, Uri Uri, string? ContentType, string? Body, string? Authorization, string? UserAgent)
{
    public string PathAndQuery => Uri.PathAndQuery;

    /// <summary>The Accept header as sent (the client's default included), ranges joined by commas.</summary>
    public string? Accept { get; init; }
}

/// <summary>An in-memory HTTP server: records requests and answers with a scripted function.</summary>
public sealed class FakeHandler(Func<SeenRequest, int, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private int _count;

    public FakeHandler(Func<SeenRequest, HttpResponseMessage> respond)
        : this((r, _) => Task.FromResult(respond(r)))
    {
    }

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public int Count => Volatile.Read(ref _count);

    public static HttpResponseMessage Json(HttpStatusCode code, string json) =>
        new(code) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(int code, string reason, string message = "m") =>
        Json((HttpStatusCode)code, $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":"{{reason}}","code":{{code}}}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var seen = new SeenRequest(request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType, body,
            request.Headers.Authorization?.ToString(), request.Headers.UserAgent.ToString())
        {
            Accept = request.Headers.TryGetValues("Accept", out var accept) ? string.Join(",", accept) : null,
        };
        Requests.Enqueue(seen);
        var n = Interlocked.Increment(ref _count);
        return await respond(seen, n);
    }
}
