using Microsoft.Extensions.Options;
using Nereid.Server.Policies;

namespace Nereid.Server.Freshness;

/// <summary>
/// Checks every <see cref="FreshnessOptions.ProbeInterval"/> that the configured Prometheus answers (<c>/-/ready</c>),
/// on every replica, so the violations pages can say when usage policies could not be judged. Idle when no Prometheus
/// is configured. It uses its own HTTP client: the policy client counts the scan's queries.
/// </summary>
internal sealed class PrometheusProbe(SourceHealth health, IHttpClientFactory http, IOptions<PolicyOptions> policies, IOptions<FreshnessOptions> options,
    TimeProvider time) : BackgroundService
{
    /// <summary>Name of the HTTP client used for the checks.</summary>
    public const string HttpClientName = "freshness-prometheus";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (policies.Value.PrometheusUrl is not { } url)
            return;
        health.Register(SourceKinds.Prometheus, SourceKinds.Prometheus, url.ToString());
        using var timer = new PeriodicTimer(options.Value.ProbeInterval, time);
        try
        {
            do
            {
                await CheckAsync(url, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task CheckAsync(Uri url, CancellationToken stoppingToken)
    {
        var location = url.ToString();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(options.Value.ProbeTimeout);
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.GetAsync(new Uri(url, "-/ready"), timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                health.Succeeded(SourceKinds.Prometheus, SourceKinds.Prometheus, location);
            else
                health.Failed(SourceKinds.Prometheus, SourceKinds.Prometheus, location, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: nothing was learnt.
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            health.Failed(SourceKinds.Prometheus, SourceKinds.Prometheus, location,
                ex is OperationCanceledException ? $"no answer within {options.Value.ProbeTimeout.TotalSeconds:0.#} s" : ex.Message);
        }
    }
}
