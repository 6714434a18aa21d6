namespace Nereid.Bench.Scenarios;

/// <summary>Counts the HTTP requests a client sends (watches and retries included), now that the double runs elsewhere.</summary>
internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return base.SendAsync(request, cancellationToken);
    }
}
