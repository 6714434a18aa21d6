using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Nereid.Server.Policies;

/// <summary>
/// The standard resilience handler on the notice webhook client, retrying only failures after which the receiver
/// cannot have taken the notice. A notice POST is not idempotent: after a timeout or a 500 the receiver may already
/// have posted it to a channel, so retrying those would post it twice; the next pass (after the interval) tries again.
/// </summary>
internal static class NoticeWebhookResilience
{
    public static IHttpClientBuilder AddNoticeWebhookResilience(this IHttpClientBuilder builder)
    {
        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions o, IServiceProvider sp) =>
        {
            var timeout = sp.GetRequiredService<IOptions<PolicyOptions>>().Value.Notices.WebhookTimeout;
            o.AttemptTimeout.Timeout = timeout;
            o.TotalRequestTimeout.Timeout = timeout * 4;
            // The handler's own validation wants the breaker to sample at least two attempts.
            o.CircuitBreaker.SamplingDuration = timeout * 2 > TimeSpan.FromSeconds(30) ? timeout * 2 : TimeSpan.FromSeconds(30);
            o.Retry.ShouldHandle = args => ValueTask.FromResult(IsSafeToRetry(args.Outcome));
        });
        return builder;
    }

    /// <summary>True when the request never reached the receiver, or the receiver said plainly it did not take it.</summary>
    internal static bool IsSafeToRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } } => true,
        { Result.StatusCode: HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } => true,
        _ => false,
    };
}
