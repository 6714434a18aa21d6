using System.Runtime.CompilerServices;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Watch;

namespace Nereid.Kubernetes.Client;

public sealed partial class KubeClient
{
    /// <inheritdoc />
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceType type, string? ns, WatchOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var path = new QueryBuilder(type.CollectionPath(ns))
            .Add("watch", "1")
            .Add("resourceVersion", options.ResourceVersion)
            .Add("allowWatchBookmarks", options.AllowBookmarks ? "true" : null)
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("timeoutSeconds", (long)(options.Timeout ?? _options.WatchTimeout).TotalSeconds)
            .ToString();
        var request = new KubeRequest("WATCH", HttpMethod.Get, path);

        // Watches bypass the concurrency limit (they live for minutes); reconnecting is the informer's job.
        using var response = await OpenWatchAsync(request, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var e in WatchStreamReader.ReadAsync<T>(stream, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
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
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
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
