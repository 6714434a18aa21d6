using System.Runtime.CompilerServices;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Watch;

namespace Nereid.Kubernetes.Client;

public sealed partial class KubeClient
{
    private static readonly TimeSpan WatchGrace = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceType type, string? ns, WatchOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var serverTimeout = options.Timeout ?? _options.WatchTimeout;
        var path = new QueryBuilder(type.CollectionPath(ns))
            .Add("watch", "1")
            .Add("resourceVersion", options.ResourceVersion)
            .Add("allowWatchBookmarks", options.AllowBookmarks ? "true" : null)
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("timeoutSeconds", (long)serverTimeout.TotalSeconds)
            .ToString();
        var request = new KubeRequest("WATCH", HttpMethod.Get, path, Accept: PartialObjectMetadata.AcceptFor<T>(list: false));

        // A connection that dies silently never ends the stream; past the server's own timeout plus a grace period
        // the watch ends as if the server had closed it, and the caller resumes from its last version.
        using var deadline = new CancellationTokenSource(serverTimeout + WatchGrace, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        // Watches bypass the concurrency limit (they live for minutes); reconnecting is the informer's job.
        using var response = await OpenWatchAsync(request, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var events = WatchStreamReader.ReadAsync<T>(stream, linked.Token).GetAsyncEnumerator(linked.Token);
        while (true)
        {
            bool more;
            try
            {
                more = await events.MoveNextAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                more = false;
            }
            if (!more)
            {
                yield break;
            }
            yield return events.Current;
        }
    }

    private async Task<HttpResponseMessage> OpenWatchAsync(KubeRequest request, CancellationToken cancellationToken)
    {
        for (var refreshed = false; ; refreshed = true)
        {
            HttpResponseMessage response;
            using (var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                using var message = await BuildMessageAsync(request, linked.Token).ConfigureAwait(false);
                try
                {
                    response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"WATCH {request.PathAndQuery} got no response headers within {_options.RequestTimeout}.", ex);
                }
            }
            KubeClientMetrics.Record(request.Verb, (int)response.StatusCode, 0);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }
            using (response)
            {
                var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                if (!error.IsUnauthorized || _credentials is null || refreshed)
                {
                    throw error;
                }
                _credentials.Invalidate();
            }
        }
    }
}
