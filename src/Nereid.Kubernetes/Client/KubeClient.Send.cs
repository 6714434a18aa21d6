using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Client;

public sealed partial class KubeClient
{
    /// <summary>
    /// Sends <paramref name="request"/> within the concurrency limit, retrying transient failures of retryable
    /// requests with jittered exponential backoff (or the server's Retry-After), and once after a 401 with fresh credentials.
    /// </summary>
    private async Task<TResult?> SendAsync<TResult>(
        KubeRequest request,
        BodyReader<TResult> read,
        bool allowNotFound,
        CancellationToken cancellationToken)
    {
        var credentialsRefreshed = false;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;
            string reason;
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var holdsSlot = true;
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var message = await BuildMessageAsync(request, linked.Token).ConfigureAwait(false);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                KubeClientMetrics.Record(request.Verb, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
                if (response.IsSuccessStatusCode)
                {
                    // The limit is on requests in flight: once the body is in memory, decoding it frees the slot.
                    var (buffer, length) = await ResponseBody.ReadAsync(response.Content, linked.Token).ConfigureAwait(false);
                    _slots.Release();
                    holdsSlot = false;
                    try
                    {
                        return read(response, buffer.AsSpan(0, length));
                    }
                    finally
                    {
                        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
                if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
                {
                    return default;
                }

                var error = await ReadErrorAsync(response, linked.Token).ConfigureAwait(false);
                if (error.IsUnauthorized && _credentials is not null && !credentialsRefreshed)
                {
                    KubeClientLog.RefreshingCredentials(_logger, request.Verb, request.PathAndQuery);
                    _credentials.Invalidate();
                    credentialsRefreshed = true;
                    attempt--;
                    continue;
                }
                // 429 means the server rejected the request before doing anything, so even a create is safe to resend.
                var retryable = IsTransient(response.StatusCode) && (request.Retryable || (int)response.StatusCode == 429);
                if (!retryable || attempt >= _options.MaxAttempts)
                {
                    if (retryable)
                    {
                        KubeClientLog.GaveUp(_logger, request.Verb, request.PathAndQuery, attempt, error.Message);
                    }
                    throw error;
                }
                reason = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                delay = RetryAfter(response, error.Status) ?? Backoff(attempt);
            }
            catch (HttpRequestException ex) when (request.Retryable && attempt < _options.MaxAttempts
                && ex.HttpRequestError != HttpRequestError.SecureConnectionError)
            {
                KubeClientMetrics.Record(request.Verb, 0, Stopwatch.GetElapsedTime(started).TotalSeconds);
                reason = ex.HttpRequestError.ToString();
                delay = Backoff(attempt);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                KubeClientMetrics.Record(request.Verb, 0, Stopwatch.GetElapsedTime(started).TotalSeconds);
                if (!request.Retryable || attempt >= _options.MaxAttempts)
                {
                    throw new TimeoutException($"{request.Verb} {request.PathAndQuery} timed out after {_options.RequestTimeout}.");
                }
                reason = "timeout";
                delay = Backoff(attempt);
            }
            finally
            {
                if (holdsSlot)
                {
                    _slots.Release();
                }
            }

            KubeClientMetrics.Retries.Add(1, new("verb", request.Verb), new("reason", reason));
            KubeClientLog.Retrying(_logger, request.Verb, request.PathAndQuery, reason, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Turns a successful response and its whole body into the call's result (synchronously: the body is in memory).</summary>
    private delegate TResult BodyReader<TResult>(HttpResponseMessage response, ReadOnlySpan<byte> body);

    private async Task<HttpRequestMessage> BuildMessageAsync(KubeRequest request, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(request.Method, request.PathAndQuery);
        if (_options.PreferHttp2)
        {
            message.Version = HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        if (request.Accept is not null)
        {
            // A request's own Accept header wins: HttpClient adds a default header only where the request has none.
            message.Headers.TryAddWithoutValidation("Accept", request.Accept);
        }
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType ?? JsonContentType);
        }
        if (_credentials is not null)
        {
            var credential = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
            if (credential.BearerToken is not null)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.BearerToken);
            }
        }
        return message;
    }

    private static bool IsTransient(HttpStatusCode code) =>
        (int)code is 429 or 500 or 502 or 503 or 504;

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.RetryMaxDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        // Full jitter spreads retries of many clients hitting the same overloaded server.
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response, Status status)
    {
        TimeSpan? hint = null;
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            hint = delta;
        }
        else if (header?.Date is { } date)
        {
            hint = date - _timeProvider.GetUtcNow();
        }
        else if (status.Details?.RetryAfterSeconds is { } seconds)
        {
            hint = TimeSpan.FromSeconds(seconds);
        }
        if (hint is null)
        {
            return null;
        }
        return hint.Value < TimeSpan.Zero ? TimeSpan.Zero : hint.Value > _options.RetryMaxDelay ? _options.RetryMaxDelay : hint.Value;
    }

    /// <summary>Parses the Status body of an error; synthesizes one when the body is not a Status (proxies, empty bodies).</summary>
    internal static async Task<KubeApiException> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        Status? status = null;
        if (bytes.Length > 0 && bytes[0] == (byte)'{')
        {
            try
            {
                status = JsonSerializer.Deserialize(bytes, KubeJson.TypeInfo<Status>());
            }
            catch (JsonException)
            {
                // Not a Status: fall through to the synthesized one so the caller still sees the HTTP code.
            }
        }
        status ??= new Status
        {
            Outcome = "Failure",
            Code = (int)response.StatusCode,
            Reason = response.ReasonPhrase,
            Message = bytes.Length > 0 ? System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 512)) : response.ReasonPhrase,
        };
        return response.StatusCode == HttpStatusCode.Gone ? new WatchExpiredException(status) : new KubeApiException(response.StatusCode, status);
    }
}
